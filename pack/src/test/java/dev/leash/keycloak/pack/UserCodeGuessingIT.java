package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guessing user codes on the device page (RFC 8628 section 5.1): after 10 wrong codes from one
 * address the page answers 429, even for a right code. Its own realm, so the block ends with it.
 */
@LeashKeycloakTest
class UserCodeGuessingIT {

  @RegisterExtension static final DemoRealmExtension demo = DemoRealmExtension.asInRepository();

  @Test
  void thirtyWrongCodesGetThrottled(KeycloakServer server) {
    Browser browser = new Browser();
    String devicePage = server.realmUri(DemoRealm.NAME) + "/device?user_code=";
    int firstRefusal = 0;
    for (int attempt = 1; attempt <= 30 && firstRefusal == 0; attempt++) {
      Page page = browser.open(devicePage + "BCDF-" + wrongSuffix(attempt));
      if (page.status() == 429) {
        assertTrue(page.text().contains("Too many wrong codes"), page::toString);
        firstRefusal = attempt;
      }
    }
    assertEquals(11, firstRefusal, "10 wrong codes are allowed, the next attempt is refused");

    OAuthResponse authorization = demo.realm().agent().authorize("openid");
    Page rightCode = browser.open(authorization.verificationUriComplete());
    assertEquals(429, rightCode.status(), "a blocked address may not use a right code either");
  }

  /** Four letters from Keycloak's user-code alphabet, different for each attempt. */
  private static String wrongSuffix(int attempt) {
    String alphabet = "BCDFGHJKLMNPQRSTVWXZ";
    return "" + alphabet.charAt(attempt % 20) + alphabet.charAt((attempt / 20) % 20) + "ZZ";
  }
}
