package dev.leash.keycloak.testsupport;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** An HTML page as the browser received it, after redirects. */
public final class Page {

  private static final String USER_CODE_FORM = "#kc-user-verify-device-user-code-form";

  private final Browser browser;
  private final URI uri;
  private final int status;
  private final String html;
  private final Document document;

  private Page(Browser browser, URI uri, int status, String html) {
    this.browser = browser;
    this.uri = uri;
    this.status = status;
    this.html = html;
    this.document = Jsoup.parse(html, uri.toString());
  }

  static Page of(Browser browser, HttpResponse<String> response) {
    return new Page(browser, response.uri(), response.statusCode(), response.body());
  }

  public URI uri() {
    return uri;
  }

  public int status() {
    return status;
  }

  /** The raw HTML as sent, for assertions about escaping. */
  public String html() {
    return html;
  }

  public Document document() {
    return document;
  }

  /** The visible text of the page. */
  public String text() {
    return document.text();
  }

  public boolean has(String cssSelector) {
    return document.selectFirst(cssSelector) != null;
  }

  /** The form that matches {@code cssSelector}, or that contains a matching element. */
  public Optional<HtmlForm> form(String cssSelector) {
    Element element = document.selectFirst(cssSelector);
    if (element == null) {
      return Optional.empty();
    }
    Element form = "form".equals(element.tagName()) ? element : element.closest("form");
    return Optional.ofNullable(form).map(f -> new HtmlForm(browser, f));
  }

  /** Whether this is Keycloak's page asking for the user code. */
  public boolean asksForUserCode() {
    return has(USER_CODE_FORM);
  }

  /** Submits {@code userCode} on Keycloak's page asking for it; the page that follows. */
  public Page enterUserCode(String userCode) {
    return form(USER_CODE_FORM).orElseThrow().set("device_user_code", userCode).submit();
  }

  @Override
  public String toString() {
    return status + " " + uri + "\n" + document.title() + "\n" + text();
  }
}
