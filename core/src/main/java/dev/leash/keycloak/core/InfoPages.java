package dev.leash.keycloak.core;

import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;

/**
 * Leash's dead-end pages for people at the browser, each a header and an explanation from Leash's
 * theme messages, shared by the device page and the authenticators so they say the same thing.
 */
public final class InfoPages {

  private InfoPages() {}

  /** "This request has expired": nothing was approved, ask the agent to start again (400). */
  public static Response expiredRequest(LoginFormsProvider forms) {
    return render(
        forms,
        Response.Status.BAD_REQUEST,
        MessageKeys.DEVICE_REQUEST_EXPIRED_HEADER,
        MessageKeys.DEVICE_REQUEST_EXPIRED);
  }

  /** "A second factor is needed": the approval was refused for want of one (403). */
  public static Response stepUpRequired(LoginFormsProvider forms) {
    return render(
        forms,
        Response.Status.FORBIDDEN,
        MessageKeys.STEP_UP_REQUIRED_HEADER,
        MessageKeys.STEP_UP_REQUIRED);
  }

  /** "Set up a second factor": refused, and enrolment is required at the next sign-in (403). */
  public static Response stepUpEnrolment(LoginFormsProvider forms) {
    return render(
        forms,
        Response.Status.FORBIDDEN,
        MessageKeys.STEP_UP_REQUIRED_HEADER,
        MessageKeys.STEP_UP_ENROL);
  }

  /** "You are not allowed to approve this agent": the code stays pending for others (403). */
  public static Response notAllowedToApprove(LoginFormsProvider forms) {
    return render(
        forms,
        Response.Status.FORBIDDEN,
        MessageKeys.NOT_ALLOWED_TO_APPROVE_HEADER,
        MessageKeys.NOT_ALLOWED_TO_APPROVE);
  }

  /** "Too many wrong codes": the device page refuses this address for a while (429). */
  public static Response tooManyCodeAttempts(LoginFormsProvider forms) {
    return render(
        forms,
        Response.Status.TOO_MANY_REQUESTS,
        MessageKeys.TOO_MANY_CODE_ATTEMPTS_HEADER,
        MessageKeys.TOO_MANY_CODE_ATTEMPTS);
  }

  /** "Waiting for a second approver": the first approval of a two-person approval (200). */
  public static Response waitingForSecondApprover(LoginFormsProvider forms) {
    return render(
        forms,
        Response.Status.OK,
        MessageKeys.SECOND_APPROVER_NEEDED_HEADER,
        MessageKeys.SECOND_APPROVER_NEEDED);
  }

  private static Response render(
      LoginFormsProvider forms, Response.Status status, String headerKey, String messageKey) {
    return forms
        .setStatus(status)
        .setAttribute("messageHeader", headerKey)
        .setAttribute("skipLink", true)
        .setInfo(messageKey)
        .createInfoPage();
  }
}
