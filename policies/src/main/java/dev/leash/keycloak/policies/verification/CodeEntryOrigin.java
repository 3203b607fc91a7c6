package dev.leash.keycloak.policies.verification;

/**
 * Whether a request to the device page carrying a user code is a person entering it, judged by the
 * browser's Fetch Metadata headers. Wrong codes lock an address out for a while, so a page
 * elsewhere must not be able to spend that budget for the people behind the address: with hidden
 * images ({@code Sec-Fetch-Dest: image}), frames or scripts, or by navigating a window it opened
 * from one wrong code to the next (a cross-site navigation without a user's click has no {@code
 * Sec-Fetch-User}). Such requests get the code-entry page without their code being looked at or
 * counted. Requests without these headers (older browsers, non-browser clients) are judged as
 * before.
 */
final class CodeEntryOrigin {

  private CodeEntryOrigin() {}

  /**
   * True when the code may be looked up (and counted).
   *
   * @param destination {@code Sec-Fetch-Dest}, or {@code null}
   * @param site {@code Sec-Fetch-Site}, or {@code null}
   * @param user {@code Sec-Fetch-User}, or {@code null}
   */
  static boolean isPersonEnteringACode(String destination, String site, String user) {
    if (destination != null && !destination.equals("document")) {
      return false; // an image, frame, script or fetch: nobody is looking at the page
    }
    return !"cross-site".equals(site) || "?1".equals(user);
  }
}
