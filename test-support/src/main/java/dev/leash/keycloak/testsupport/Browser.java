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

  public Browser() {
    this("en");
  }

  private Browser(String language) {
    this.language = language;
  }

  /**
   * A browser whose person reads {@code language} (its Accept-Language header), e.g. {@code de}.
   */
  public static Browser speaking(String language) {
    return new Browser(language);
  }

  public Page open(String url) {
    return open(URI.create(url));
  }

  public Page open(URI url) {
    return Page.of(this, Http.send(http, request(url).build()));
  }

  /**
   * Opens {@code url} as a navigation from a page of another site that carries no mark of a click
   * (Fetch Metadata {@code Sec-Fetch-Site: cross-site} without {@code Sec-Fetch-User}): another
   * page moving a window, or any link clicked in Safari, whose WebKit never sends {@code
   * Sec-Fetch-User}.
   */
  public Page openFromAnotherSiteWithoutClickMark(String url) {
    return Page.of(
        this,
        Http.send(
            http,
            request(URI.create(url))
                .header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "navigate")
                .header("Sec-Fetch-Dest", "document")
                .build()));
  }

  Page post(URI action, String formBody) {
    HttpRequest request =
        request(action)
            // As browsers send it: Keycloak's device page takes a form post that asks for HTML as a
            // user code entered on it, and any other as a device authorization request.
            .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formBody))
            .build();
    return Page.of(this, Http.send(http, request));
  }

  private HttpRequest.Builder request(URI url) {
    return HttpRequest.newBuilder(url).timeout(Http.TIMEOUT).header("Accept-Language", language);
  }
}
