package dev.leash.keycloak.testsupport;

/**
 * The person's side of RFC 8628: opens the verification page in a browser, signs in as a user
 * (password, then a one-time code when asked) and answers Leash's approval screen and the consent
 * screen. Pages it does not recognise end the walk and are returned for the test to inspect.
 */
public final class DeviceApprover {

  private static final int MAX_STEPS = 10;

  private final Browser browser;
  private final TestUser user;

  public DeviceApprover(Browser browser, TestUser user) {
    this.browser = browser;
    this.user = user;
  }

  /** Approves the grant; returns the last page (Keycloak's "device login successful" page). */
  public Page approve(OAuthResponse deviceAuthorization) {
    return approve(deviceAuthorization.verificationUriComplete(), deviceAuthorization.userCode());
  }

  /** Approves the grant shown to the person as a link and a user code. */
  public Page approve(String verificationUri, String userCode) {
    return walk(verificationUri, userCode, "accept");
  }

  /** Denies the grant on the consent screen; returns the last page. */
  public Page deny(OAuthResponse deviceAuthorization) {
    return walk(
        deviceAuthorization.verificationUriComplete(), deviceAuthorization.userCode(), "cancel");
  }

  /** Opens the verification link and signs in, stopping at whatever page follows sign-in. */
  public Page signIn(OAuthResponse deviceAuthorization) {
    return walk(
        deviceAuthorization.verificationUriComplete(), deviceAuthorization.userCode(), null);
  }

  /**
   * Opens the verification link and signs in with the password only, stopping at the one-time-code
   * form (or whatever page comes instead), so a test can answer it itself.
   */
  public Page signInUntilOneTimeCode(OAuthResponse deviceAuthorization) {
    Page page = browser.open(deviceAuthorization.verificationUriComplete());
    for (int step = 0; step < MAX_STEPS && !page.has("#kc-otp-login-form"); step++) {
      if (step > 0 && page.has("#kc-form-login")) {
        return page;
      }
      Page next =
          page.asksForUserCode() || page.has("#kc-form-login")
              ? answer(page, deviceAuthorization.userCode(), null)
              : null;
      if (next == null) {
        return page;
      }
      page = next;
    }
    return page;
  }

  private Page walk(String verificationUri, String userCode, String consentButton) {
    Page page = browser.open(verificationUri);
    for (int step = 0; step < MAX_STEPS; step++) {
      if (step > 0 && page.has("#kc-form-login")) {
        return page; // Keycloak rejected the sign-in; the test decides what that means.
      }
      Page next = answer(page, userCode, consentButton);
      if (next == null) {
        return page;
      }
      page = next;
    }
    throw new IllegalStateException(
        "The device journey did not end after " + MAX_STEPS + " pages:\n" + page);
  }

  /** The page after answering {@code page}, or {@code null} when there is nothing to answer. */
  private Page answer(Page page, String userCode, String consentButton) {
    if (page.asksForUserCode()) {
      return page.enterUserCode(userCode);
    }
    if (page.has("#kc-form-login")) {
      return page.form("#kc-form-login")
          .orElseThrow()
          .set("username", user.username())
          .set("password", user.password())
          .submit();
    }
    if (page.has("#kc-otp-login-form") && user.authenticator() != null) {
      if (page.has("#input-error-otp")) {
        throw new IllegalStateException("Keycloak rejected the one-time code:\n" + page);
      }
      return page.form("#kc-otp-login-form")
          .orElseThrow()
          .set("otp", user.authenticator().nextCode())
          .submit();
    }
    if (consentButton != null && page.has("#leash-approval-form")) {
      String decision = consentButton.equals("accept") ? "approve" : "deny";
      return page.form("#leash-approval-form").orElseThrow().submit("decision", decision);
    }
    if (consentButton != null && page.has("[name=accept]")) {
      return page.form("[name=accept]").orElseThrow().submit(consentButton);
    }
    return null;
  }
}
