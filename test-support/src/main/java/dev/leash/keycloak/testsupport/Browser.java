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

  Page post(URI action, String formBody) {
    HttpRequest request =
        request(action)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formBody))
            .build();
    return Page.of(this, Http.send(http, request));
  }

  private HttpRequest.Builder request(URI url) {
    return HttpRequest.newBuilder(url).timeout(Http.TIMEOUT).header("Accept-Language", language);
  }
}
