package dev.leash.keycloak.core;

import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;

/**
 * The pages that end a person's part of the device journey (approved, denied, expired, refused,
 * waiting), each a header and an explanation, shared by the device page and the authenticators so
 * they say the same thing. They render Leash's {@code leash-outcome.ftl} (from the JAR's theme
 * resources, so any login theme has it; the {@code leash} theme styles it by outcome).
 */
public final class InfoPages {

  static final String OUTCOME_TEMPLATE = "leash-outcome.ftl";

  private InfoPages() {}

  /** "This request has expired": nothing was approved, ask the agent to start again (400). */
  public static Response expiredRequest(LoginFormsProvider forms) {
    return render(
        forms,
        "expired",
        Response.Status.BAD_REQUEST,
        MessageKeys.DEVICE_REQUEST_EXPIRED_HEADER,
        MessageKeys.DEVICE_REQUEST_EXPIRED);
  }

  /** "A second factor is needed": the approval was refused for want of one (403). */
  public static Response stepUpRequired(LoginFormsProvider forms) {
    return render(
        forms,
        "step-up-required",
        Response.Status.FORBIDDEN,
        MessageKeys.STEP_UP_REQUIRED_HEADER,
        MessageKeys.STEP_UP_REQUIRED);
  }

  /** "Set up a second factor": refused, and enrolment is required at the next sign-in (403). */
  public static Response stepUpEnrolment(LoginFormsProvider forms) {
    return render(
        forms,
        "step-up-enrol",
        Response.Status.FORBIDDEN,
        MessageKeys.STEP_UP_REQUIRED_HEADER,
        MessageKeys.STEP_UP_ENROL);
  }

  /** "You are not allowed to approve this agent": the code stays pending for others (403). */
  public static Response notAllowedToApprove(LoginFormsProvider forms) {
    return render(
        forms,
        "not-allowed",
        Response.Status.FORBIDDEN,
        MessageKeys.NOT_ALLOWED_TO_APPROVE_HEADER,
        MessageKeys.NOT_ALLOWED_TO_APPROVE);
  }

  /** "Too many wrong codes": the device page refuses this address for a while (429). */
  public static Response tooManyCodeAttempts(LoginFormsProvider forms) {
    return render(
        forms,
        "too-many-attempts",
        Response.Status.TOO_MANY_REQUESTS,
        MessageKeys.TOO_MANY_CODE_ATTEMPTS_HEADER,
        MessageKeys.TOO_MANY_CODE_ATTEMPTS);
  }

  /** "Waiting for a second approver": the first approval of a two-person approval (200). */
  public static Response waitingForSecondApprover(LoginFormsProvider forms) {
    return render(
        forms,
        "waiting",
        Response.Status.OK,
        MessageKeys.SECOND_APPROVER_NEEDED_HEADER,
        MessageKeys.SECOND_APPROVER_NEEDED);
  }

  /** "Device Login Successful": the approval is done, go back to the device (200). */
  public static Response approved(LoginFormsProvider forms) {
    return render(
        forms,
        "approved",
        Response.Status.OK,
        MessageKeys.KEYCLOAK_DEVICE_APPROVED_HEADER,
        MessageKeys.KEYCLOAK_DEVICE_APPROVED);
  }

  /** "Device Login Failed": the person denied the request (200, as Keycloak answers it). */
  public static Response denied(LoginFormsProvider forms) {
    return render(
        forms,
        "denied",
        Response.Status.OK,
        MessageKeys.KEYCLOAK_DEVICE_FAILED_HEADER,
        MessageKeys.KEYCLOAK_DEVICE_DENIED);
  }

  /**
   * @param outcome what happened, for the template's styling and tests ({@code leashOutcome})
   */
  private static Response render(
      LoginFormsProvider forms,
      String outcome,
      Response.Status status,
      String headerKey,
      String messageKey) {
    return forms
        .setStatus(status)
        .setAttribute("leashOutcome", outcome)
        .setAttribute("leashOutcomeHeader", headerKey)
        .setAttribute("leashOutcomeMessage", messageKey)
        .createForm(OUTCOME_TEMPLATE);
  }
}
