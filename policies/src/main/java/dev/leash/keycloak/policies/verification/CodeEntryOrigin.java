package dev.leash.keycloak.policies.verification;

/**
 * How a user code reached the device page, judged by the browser's Fetch Metadata headers. Wrong
 * codes lock an address out for a while, so a page elsewhere must not be able to spend that budget
 * for the people behind the address: with hidden images, frames or scripts, or by navigating a
 * window it opened from one wrong code to the next. Only a code a person is known to have entered
 * is looked up and counted; a navigation nobody is known to have made shows the code for a person
 * to confirm with the page's own form, which counts. Requests without these headers (older
 * browsers, non-browser clients) are judged as before.
 */
enum CodeEntryOrigin {

  /**
   * A person entered the code: the page's own form, a link opened from a terminal or typed in, a
   * link clicked ({@code Sec-Fetch-User: ?1}), or a client without Fetch Metadata. Looked up and
   * counted.
   */
  PERSON,

  /**
   * A navigation from another page, cross-site or same-site, without the mark of a click: another
   * page moving a window it opened, or a click in Safari, whose WebKit sends no {@code
   * Sec-Fetch-User}. The code is shown for a person to confirm, neither looked up nor counted.
   */
  UNCONFIRMED_NAVIGATION,

  /**
   * An image, frame, script or fetch: nobody is looking at the page. Neither looked up nor shown.
   */
  SUBRESOURCE;

  /**
   * @param destination {@code Sec-Fetch-Dest}, or {@code null}
   * @param site {@code Sec-Fetch-Site}, or {@code null}
   * @param user {@code Sec-Fetch-User}, or {@code null}
   */
  static CodeEntryOrigin of(String destination, String site, String user) {
    if (destination != null && !destination.equals("document")) {
      return SUBRESOURCE;
    }
    if (site == null || site.equals("same-origin") || site.equals("none") || "?1".equals(user)) {
      return PERSON;
    }
    return UNCONFIRMED_NAVIGATION;
  }
}
