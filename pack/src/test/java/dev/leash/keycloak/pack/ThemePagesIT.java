package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The leash login theme's pages of the device journey as the server renders them (the demo realm
 * uses the theme): what they say, that device text is escaped and disguises are flagged, and the
 * German and French messages. Rendering in a real browser is {@code DeviceJourneyBrowserIT}'s job.
 */
@LeashKeycloakTest
class ThemePagesIT {

  private static final TestUser APPROVER = TestUser.withPassword("tp-approver", "approver-pass");
  private static final String DESCRIPTION = "Deploys the demo service from CI";

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
            for (JsonNode client : json.path("clients")) {
              if (DemoRealm.AGENT_CLIENT_ID.equals(client.path("clientId").asText())) {
                ((ObjectNode) client).put("description", DESCRIPTION);
              }
            }
          });

  @Test
  void codeEntryWarnsAgainstCodesSomeoneElseSent(KeycloakServer server) {
    Page page = new Browser().open(server.realmUri(DemoRealm.NAME) + "/device");
    assertEquals(200, page.status(), page::toString);
    assertTrue(page.has("#leash-code-guidance"), page::toString);
    assertTrue(page.text().contains("Only enter a code that you started yourself"), page::toString);
    assertTrue(page.html().contains("/css/leash.css"), "the leash theme's styles are linked");
  }

  @Test
  void codeEntrySpeaksGermanAndFrench(KeycloakServer server) {
    String devicePage = server.realmUri(DemoRealm.NAME) + "/device";
    Page german = Browser.speaking("de").open(devicePage);
    assertTrue(german.text().contains("Geben Sie nur einen Code ein"), german::toString);
    Page french = Browser.speaking("fr").open(devicePage);
    assertTrue(french.text().contains("Ne saisissez qu'un code"), french::toString);
  }

  @Test
  void approvalScreenSetsVerifiedFactsApartFromEscapedFlaggedClaims() {
    OAuthResponse authorization =
        demo.realm()
            .agent()
            .authorize(
                Map.of(
                    "scope", "openid agent:read",
                    "agent_name", "helper\u202Ehs.exe",
                    "purpose", "p".repeat(150),
                    "command", "<script>alert('agent')</script>"));
    assertEquals(200, authorization.status(), authorization::toString);

    Page screen = demo.realm().approverAs(APPROVER).signIn(authorization);
    Document page = screen.document();
    assertEquals(DESCRIPTION, text(page, "#leash-agent-description"));
    assertTrue(
        text(page, "#leash-requested-at").contains("less than a minute ago"), screen::toString);
    assertTrue(text(page, "#leash-scopes").contains("Read on your behalf"), screen::toString);

    Element name = page.selectFirst("#leash-claimed-agent_name");
    assertTrue(name.text().contains("helper[U+202E]hs.exe"), name::toString);
    assertNotNull(name.selectFirst(".leash-disguised"), "a disguised value is flagged");
    assertTrue(page.selectFirst("#leash-claimed").text().contains("claimed by the device"));
    // The device's User-Agent is its own word too, whatever it says.
    assertNotNull(page.selectFirst("#leash-claimed #leash-user-agent"), screen::toString);
    assertNull(page.selectFirst("#leash-verified #leash-user-agent"), screen::toString);
    // The code the person compares with their device, which a link with the code skips typing.
    assertEquals(authorization.userCode(), text(page, "#leash-user-code code"), screen::toString);

    Element purpose = page.selectFirst("#leash-claimed-purpose details");
    assertNotNull(purpose, "a long value is previewed, the full value on demand");
    assertTrue(purpose.selectFirst(".leash-full-value").text().equals("p".repeat(150)));

    assertEquals("<script>alert('agent')</script>", text(page, "#leash-claimed-command"));
    assertFalse(screen.html().contains("<script>alert("), "device markup rendered unescaped");

    Element countdown = page.selectFirst("#leash-time-left .leash-countdown");
    assertTrue(Long.parseLong(countdown.attr("data-seconds-left")) > 0, countdown::toString);
    assertTrue(screen.html().contains("/js/leash-countdown.js"), "the countdown script is linked");
  }

  @Test
  void outcomePagesSayHowTheApprovalEnded() {
    OAuthResponse approved = demo.realm().agent().authorize("openid");
    Page done = demo.realm().approverAs(APPROVER).approve(approved);
    assertEquals("approved", outcome(done), done::toString);
    assertTrue(done.text().contains("Device Login Successful"), done::toString);

    OAuthResponse denied = demo.realm().agent().authorize("openid");
    Page refused = demo.realm().approverAs(APPROVER).deny(denied);
    assertEquals("denied", outcome(refused), refused::toString);
    assertTrue(refused.text().contains("Consent denied"), refused::toString);
  }

  private static String outcome(Page page) {
    Element outcome = page.document().selectFirst("#leash-outcome");
    return outcome == null ? null : outcome.attr("data-outcome");
  }

  private static String text(Document page, String selector) {
    Element element = page.selectFirst(selector);
    return element == null ? null : element.text();
  }
}
