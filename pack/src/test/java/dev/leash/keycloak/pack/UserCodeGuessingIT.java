package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.Http;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guessing user codes on the device page (RFC 8628 section 5.1): after 5 wrong codes from one
 * browser, or 10 from one address, the page answers 429, even for a right code; also when the codes
 * are entered through Keycloak's second device page, under the device authorization endpoint. Its
 * own realm, so the block ends with it.
 */
@LeashKeycloakTest
class UserCodeGuessingIT {

  @RegisterExtension static final DemoRealmExtension demo = DemoRealmExtension.asInRepository();

  @Test
  void thirtyWrongCodesGetThrottledPerBrowserThenPerAddress(KeycloakServer server) {
    String devicePage = server.realmUri(DemoRealm.NAME) + "/device?user_code=";
    // A page elsewhere cannot spend the address's budget: its hidden images get the empty code
    // entry, and the windows it navigates without a click (as Safari's clicks look too) the code
    // filled in for a person to confirm; neither is looked up or counted.
    for (int attempt = 1; attempt <= 12; attempt++) {
      String code = "BCDF-" + wrongSuffix(attempt);
      HttpResponse<String> image = fromElsewhere(devicePage + code, "cross-site", "image");
      assertEquals(200, image.statusCode());
      assertEquals("", codeFilledIn(image), image::body);
      String site = attempt % 2 == 0 ? "cross-site" : "same-site";
      HttpResponse<String> navigated = fromElsewhere(devicePage + code, site, "document");
      assertEquals(200, navigated.statusCode());
      assertEquals(code, codeFilledIn(navigated), navigated::body);
    }
    Browser browser = new Browser();
    int browserRefused = firstRefusal(1, () -> browser, devicePage);
    assertEquals(6, browserRefused, "5 wrong codes per browser are allowed, the next is refused");

    // Keycloak also serves its device page under the device authorization endpoint: Leash sends
    // the browser on to the realm's device page, where the codes entered count the same.
    String secondDevicePage =
        server.realmUri(DemoRealm.NAME) + "/protocol/openid-connect/auth/device?user_code=";
    int addressRefused = firstRefusal(browserRefused, Browser::new, secondDevicePage);
    assertEquals(11, addressRefused, "10 wrong codes per address are allowed, the next is refused");

    // Nor can a form post there, as a page would send one, enter codes past the limit.
    HttpResponse<String> posted =
        Http.send(
            Http.client(),
            HttpRequest.newBuilder(
                    URI.create(
                        server.realmUri(DemoRealm.NAME) + "/protocol/openid-connect/auth/device"))
                .timeout(Http.TIMEOUT)
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user_code=BCDF-GHJK"))
                .build());
    assertTrue(
        posted.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        "a device authorization request, answered in JSON: " + posted.body());

    OAuthResponse authorization = demo.realm().agent().authorize("openid");
    Page rightCode = new Browser().open(authorization.verificationUriComplete());
    assertEquals(429, rightCode.status(), "a blocked address may not use a right code either");
  }

  /**
   * Enters wrong codes from {@code from} on, each in the browser {@code browsers} gives, up to the
   * 30th attempt; the number of the first attempt answered with the 429 page.
   */
  private static int firstRefusal(int from, Supplier<Browser> browsers, String devicePage) {
    for (int attempt = from; attempt <= 30; attempt++) {
      Page page = browsers.get().open(devicePage + "BCDF-" + wrongSuffix(attempt));
      assertTrue(
          page.uri().getPath().endsWith("/realms/" + DemoRealm.NAME + "/device"), page::toString);
      if (page.status() == 429) {
        assertTrue(page.text().contains("Too many wrong codes"), page::toString);
        return attempt;
      }
    }
    return 0;
  }

  /**
   * A request as another page makes it without a click, with the browser's Fetch Metadata headers.
   */
  private static HttpResponse<String> fromElsewhere(String url, String site, String destination) {
    return Http.send(
        Http.client(),
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Http.TIMEOUT)
            .header("Sec-Fetch-Site", site)
            .header("Sec-Fetch-Dest", destination)
            .build());
  }

  /** The code the code-entry page has filled in ("" when none). */
  private static String codeFilledIn(HttpResponse<String> page) {
    Element field = Jsoup.parse(page.body()).getElementById("device_user_code");
    assertTrue(field != null, page::body);
    return field.attr("value");
  }

  /** Four letters from Keycloak's user-code alphabet, different for each attempt. */
  static String wrongSuffix(int attempt) {
    String alphabet = "BCDFGHJKLMNPQRSTVWXZ";
    return "" + alphabet.charAt(attempt % 20) + alphabet.charAt((attempt / 20) % 20) + "ZZ";
  }
}
