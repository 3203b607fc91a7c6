package dev.leash.keycloak.core;

import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;

/**
 * The page a person sees when the device request they are approving has expired: "nothing was
 * approved, ask the agent to start again", with status 400. Shared by the verification page and the
 * approval screen so both say the same thing.
 */
public final class ExpiredRequestPage {

  private ExpiredRequestPage() {}

  public static Response render(LoginFormsProvider forms) {
    return forms
        .setStatus(Response.Status.BAD_REQUEST)
        .setAttribute("messageHeader", MessageKeys.DEVICE_REQUEST_EXPIRED_HEADER)
        .setAttribute("skipLink", true)
        .setInfo(MessageKeys.DEVICE_REQUEST_EXPIRED)
        .createInfoPage();
  }
}
