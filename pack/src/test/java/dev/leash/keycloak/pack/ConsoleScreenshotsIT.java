package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leash.keycloak.testsupport.AdminConsole;
import dev.leash.keycloak.testsupport.AgentPolicyMapper;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.HeadlessChromium;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.ScreenshotOnFailure;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The demo realm's Leash settings as an admin sees them in Keycloak's admin console: the console
 * shows Leash's flow steps, their settings and the client-policy forms, with the demo's values.
 * Saves the screenshots the admin guides show (refresh them with {@code ./leash screenshots}).
 */
@LeashKeycloakTest
@Tag("browser") // ./leash screenshots runs these
class ConsoleScreenshotsIT {

  private static final String FLOW = "leash device approval";
  // The console marks each step's row by its delete button, named after the step.
  private static final String STEP_UP_ROW = "//tr[.//button[@data-testid='Leash step-up-delete']]";
  private static final String PROFILE = "realm-settings/client-policies/leash-agents/edit-profile";
  private static final String POLICY =
      "realm-settings/client-policies/leash-demo-agents/edit-policy";

  @RegisterExtension static final DemoRealmExtension demo = DemoRealmExtension.asInRepository();

  private static HeadlessChromium chromium;
  private static AdminConsole console;

  @RegisterExtension
  static final ScreenshotOnFailure failures = new ScreenshotOnFailure(() -> chromium);

  @BeforeAll
  static void signIn(KeycloakServer server) {
    chromium = HeadlessChromium.start();
    console = AdminConsole.signIn(chromium, server);
  }

  @AfterAll
  static void closeChromium() {
    if (chromium != null) { // it did not start
      chromium.close();
    }
  }

  @Test
  void approvalFlowAndStepUpSettings() {
    console.open(DemoRealm.NAME, "authentication");
    chromium.click(By.linkText(FLOW));
    chromium.visible(By.cssSelector("[data-testid='Leash device approval-delete']"));
    console.showWholePage();
    chromium.screenshot("step-up-flow");

    chromium.click(By.xpath(STEP_UP_ROW + "//button[@aria-label='Settings']"));
    chromium.visible(By.id("without-second-factor"));
    assertTrue(chromium.text().contains("Level of authentication"), chromium::text);
    chromium.screenshot("step-up-config");
  }

  @Test
  void agentProfileAndScopeLimitExecutor() {
    console.open(DemoRealm.NAME, PROFILE);
    chromium.visible(By.linkText("leash-scope-limit"));
    chromium.await(ExpectedConditions.attributeToBe(By.id("name"), "value", "leash-agents"));
    console.showWholePage();
    chromium.screenshot("policy-profile");

    console.open(DemoRealm.NAME, PROFILE + "/leash-scope-limit");
    chromium.await(
        ExpectedConditions.attributeToBe(
            By.name("config.approver-groups.0.value"), "value", "/agent-approvers"));
    console.showWholePage();
    chromium.screenshot("policy-scope-limit");
  }

  @Test
  void agentPolicyAndItsCondition() {
    console.open(DemoRealm.NAME, POLICY);
    chromium.visible(By.cssSelector("[data-testid=leash-agent-client-condition-link]"));
    chromium.visible(By.cssSelector("[data-testid=profile-name-link]"));
    console.showWholePage();
    chromium.screenshot("policy-condition");

    console.open(DemoRealm.NAME, POLICY + "/leash-agent-client/edit-condition");
    chromium.await(
        ExpectedConditions.attributeToBe(
            By.name("config.client-ids.0.value"), "value", DemoRealm.AGENT_CLIENT_ID));
    console.showWholePage();
    chromium.screenshot("policy-condition-settings");
  }

  @Test
  void oneAgentsOwnSettingsOnItsDedicatedScope(KeycloakServer server) {
    HttpResponse<String> saved =
        new AgentPolicyMapper(server, DemoRealm.NAME, DemoRealm.AGENT_CLIENT_ID)
            .set(Map.of("allowed-scopes", "openid##agent:read", "max-pending-codes", "1"));
    assertEquals(201, saved.statusCode(), saved::body);
    String clients = "/admin/realms/" + DemoRealm.NAME + "/clients";
    String client =
        server
            .admin()
            .get(clients + "?clientId=" + DemoRealm.AGENT_CLIENT_ID)
            .path(0)
            .path("id")
            .asText();

    console.open(DemoRealm.NAME, "clients/" + client + "/clientScopes/dedicated");
    chromium.visible(By.linkText("leash agent policy"));
    console.showWholePage();
    chromium.screenshot("agent-policy-dedicated-scope");

    chromium.click(By.linkText("leash agent policy"));
    chromium.await(
        ExpectedConditions.attributeToBe(By.name("config.max-pending-codes"), "value", "1"));
    console.showWholePage();
    chromium.screenshot("agent-policy-settings");
  }
}
