package dev.leash.keycloak.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * A person's browser, minus the rendering: keeps cookies (so SSO sessions work), follows redirects,
 * and submits forms as they are on the page. For pages that need JavaScript use the Chromium tests.
 */
public final class Browser {

  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(new LoopbackCookieManager())
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Http.TIMEOUT)
          .build();

  private final String language;

  /** Whether it sends Fetch Metadata as Safari does, which never sends {@code Sec-Fetch-User}. */
  private final boolean safari;

  public Browser() {
    this("en", false);
  }

  private Browser(String language, boolean safari) {
    this.language = language;
    this.safari = safari;
  }

  /**
   * A browser whose person reads {@code language} (its Accept-Language header), e.g. {@code de}.
   */
  public static Browser speaking(String language) {
    return new Browser(language, false);
  }

  /**
   * A browser that sends Fetch Metadata as Safari (WebKit) does, without {@code Sec-Fetch-User}:
   * {@link #open} is a link clicked on another site's page ({@code Sec-Fetch-Site: cross-site}), a
   * form post is the page's own ({@code same-origin}).
   */
  public static Browser likeSafari() {
    return new Browser("en", true);
  }

  public Page open(String url) {
    return open(URI.create(url));
  }

  public Page open(URI url) {
    return Page.of(this, Http.send(http, navigation(url, "cross-site").build()));
  }

  Page post(URI action, String formBody) {
    HttpRequest request =
        navigation(action, "same-origin")
            // As browsers send it: Keycloak's device page takes a form post that asks for HTML as a
            // user code entered on it, and any other as a device authorization request.
            .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formBody))
            .build();
    return Page.of(this, Http.send(http, request));
  }

  /** A request for a page; {@code site} is its Fetch Metadata site when the browser sends it. */
  private HttpRequest.Builder navigation(URI url, String site) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url).timeout(Http.TIMEOUT).header("Accept-Language", language);
    if (safari) {
      request
          .header("Sec-Fetch-Site", site)
          .header("Sec-Fetch-Mode", "navigate")
          .header("Sec-Fetch-Dest", "document");
    }
    return request;
  }
}
