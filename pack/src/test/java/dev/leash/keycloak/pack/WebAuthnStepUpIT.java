package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.core.SessionNotes;
import dev.leash.keycloak.testsupport.ChromiumApprover;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.HeadlessChromium;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.ScreenshotOnFailure;
import dev.leash.keycloak.testsupport.TestUser;
import dev.leash.keycloak.testsupport.VirtualPlatformAuthenticator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Step-up with Keycloak's own WebAuthn authenticator, in headless Chromium with a virtual platform
 * authenticator: the person registers a passkey, then approves a device code with password and
 * passkey. The demo flow's step-up sub-flow offers WebAuthn next to the one-time code; these users
 * have no authenticator app, so Keycloak asks for the passkey. The WebAuthn relying party id is
 * {@code localhost}, the host the browser uses (an IP address cannot be one).
 */
@LeashKeycloakTest
@Tag("browser") // ./leash screenshots runs these
class WebAuthnStepUpIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final TestUser GRACE = TestUser.withPassword("wa-grace", "grace-pass");
  private static final TestUser HEIDI = TestUser.withPassword("wa-heidi", "heidi-pass");

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.withoutRequestLimits(json);
            RealmJson.attribute(json, "oauth2DevicePollingInterval", "1");
            RealmJson.offerWebAuthnForStepUp(json, "localhost");
            RealmJson.addWebAuthnEnrollingUser(json, GRACE);
            RealmJson.addWebAuthnEnrollingUser(json, HEIDI);
            RealmJson.addSessionNoteClaim(
                json, DemoRealm.AGENT_CLIENT_ID, SessionNotes.STEP_UP_FACTOR, "step_up_factor");
          });

  private HeadlessChromium chromium;
  private VirtualPlatformAuthenticator passkeys;

  @RegisterExtension final ScreenshotOnFailure failures = new ScreenshotOnFailure(() -> chromium);

  @BeforeEach
  void startChromium() {
    chromium = HeadlessChromium.start();
    passkeys = VirtualPlatformAuthenticator.attachTo(chromium);
  }

  @AfterEach
  void closeChromium() {
    if (chromium != null) { // it did not start
      chromium.close();
    }
  }

  @Test
  void approvalWithAPasskeyRaisesAcrAndRecordsWebAuthn(KeycloakServer server) {
    ChromiumApprover grace = new ChromiumApprover(chromium, GRACE);
    grace.registerWebAuthnKey(server.realmUri(DemoRealm.NAME));
    assertEquals(1, passkeys.credentials().size());
    assertEquals(List.of("password", "webauthn"), credentialTypes(server, GRACE));

    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid");
    grace.signIn(authorization);
    chromium.visible(ChromiumApprover.WEBAUTHN_BUTTON);
    chromium.screenshot("step-up-webauthn");
    grace.stepUpWithWebAuthn();
    chromium.visible(ChromiumApprover.APPROVAL_FORM);
    chromium.screenshot("approval-screen");
    grace.approve();
    chromium.awaitText("Device Login Successful");

    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    JsonNode claims = Jwt.claims(tokens.accessToken());
    assertEquals("2", claims.path("acr").asText(), claims::toString);
    assertEquals("webauthn", claims.path("step_up_factor").asText(), claims::toString);
  }

  @Test
  void withoutItsPasskeyThePersonApprovesNothing(KeycloakServer server) {
    ChromiumApprover heidi = new ChromiumApprover(chromium, HEIDI);
    heidi.registerWebAuthnKey(server.realmUri(DemoRealm.NAME));
    passkeys.forgetCredentials();

    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid");
    heidi.signIn(authorization);
    heidi.stepUpWithWebAuthn();

    chromium.visible(ChromiumApprover.WEBAUTHN_ERROR);
    assertTrue(chromium.text().contains("Failed to authenticate by the Passkey"), chromium::text);
    chromium.screenshot("step-up-webauthn-refused");
    assertFalse(chromium.has(ChromiumApprover.APPROVAL_FORM), chromium::text);
    assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());
  }

  private static List<String> credentialTypes(KeycloakServer server, TestUser person) {
    String users = "/admin/realms/" + DemoRealm.NAME + "/users";
    JsonNode user = server.admin().get(users + "?exact=true&username=" + person.username()).get(0);
    List<String> types = new ArrayList<>();
    for (JsonNode credential :
        server.admin().get(users + "/" + user.path("id").asText() + "/credentials")) {
      types.add(credential.path("type").asText());
    }
    types.sort(null);
    return types;
  }
}
