package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leash.keycloak.testsupport.AgentPolicyMapper;
import dev.leash.keycloak.testsupport.ClientProfiles;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One agent's own settings ({@code leash-agent-policy} on demo-agent's dedicated scope) over the
 * demo policy (openid, profile, agent:read, agent:write), set through the admin REST API as the
 * console does.
 */
@LeashKeycloakTest
class AgentPolicyIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final TestUser APPROVER = TestUser.withPassword("ap-approver", "approver-pass");

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
          });

  private static AgentPolicyMapper ownSettings;

  @BeforeAll
  static void connect(KeycloakServer server) {
    ownSettings = new AgentPolicyMapper(server, DemoRealm.NAME, DemoRealm.AGENT_CLIENT_ID);
  }

  @AfterEach
  void backToThePolicy() {
    ownSettings.clear();
  }

  @Test
  void allowedScopesAreGrantedExactlyAsAsked() {
    assertEquals(
        Set.of("openid", "profile", "agent:read"), grantedScopes("openid profile agent:read"));
  }

  @Test
  void theAgentsOwnSettingsComeBeforeThePolicys() {
    HttpResponse<String> saved =
        ownSettings.set(Map.of("allowed-scopes", "openid##agent:read", "max-pending-codes", "1"));
    assertEquals(201, saved.statusCode(), saved::body);
    DeviceFlowClient agent = demo.realm().agent();

    OAuthResponse refused = agent.authorize("openid agent:write");
    assertEquals("invalid_scope", refused.error(), refused::toString);
    assertTrue(refused.errorDescription().contains("agent:write"), refused::toString);
    assertEquals(Set.of("openid", "agent:read"), grantedScopes("openid agent:read"));
    assertEquals(200, agent.authorize("openid agent:read").status());
    OAuthResponse overCap = agent.authorize("openid agent:read");
    assertEquals(429, overCap.status(), overCap::toString);
    assertTrue(
        overCap.errorDescription().contains("waiting for approval as it may (1)"),
        overCap::toString);

    ownSettings.clear();
    assertEquals(200, agent.authorize("openid agent:write").status());
  }

  @Test
  void anApproverSettingOfTheAgentReplacesThePolicysApprovers() {
    ownSettings.set(Map.of("approver-roles", "no-one-has-this-role"));
    DemoRealm realm = demo.realm();
    OAuthResponse authorization = realm.agent().authorize("openid");

    var refused = realm.approverAs(APPROVER).approve(authorization);
    assertEquals(403, refused.status(), refused::toString);
    assertEquals("authorization_pending", realm.agent().poll(authorization.deviceCode()).error());
  }

  @Test
  void anAgentsOwnSettingsApplyOnlyWhereThePolicyLetsThem(KeycloakServer server) {
    ClientProfiles profiles = new ClientProfiles(server, DemoRealm.NAME);
    Map<String, Object> demoPolicy =
        Map.of(
            "allowed-scopes", List.of("openid", "profile", "agent:read", "agent:write"),
            "approver-groups", List.of(DemoRealm.APPROVERS_GROUP),
            "agent-settings-allowed", true);
    ownSettings.set(Map.of("allowed-scopes", "openid##agent:read"));
    Map<String, Object> closed = new HashMap<>(demoPolicy);
    closed.remove("agent-settings-allowed");
    profiles.configure("leash-scope-limit", closed);
    try {
      assertEquals(200, demo.realm().agent().authorize("openid agent:write").status());
    } finally {
      profiles.configure("leash-scope-limit", demoPolicy);
    }
    assertEquals("invalid_scope", demo.realm().agent().authorize("openid agent:write").error());
  }

  @Test
  void settingsKeycloakCannotUseAreRefusedWhenSaved() {
    HttpResponse<String> negative = ownSettings.set(Map.of("max-pending-codes", "-1"));
    assertEquals(400, negative.statusCode(), negative::body);
    assertTrue(negative.body().contains("max-pending-codes"), negative::body);

    HttpResponse<String> noWindow = ownSettings.set(Map.of("request-window-seconds", "soon"));
    assertEquals(400, noWindow.statusCode(), noWindow::body);
  }

  /** Scopes of the access token demo-agent gets for {@code scope} once the approver approves. */
  private static Set<String> grantedScopes(String scope) {
    DemoRealm realm = demo.realm();
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize(scope);
    realm.approverAs(APPROVER).approve(authorization);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    String granted = Jwt.claims(tokens.accessToken()).path("scope").asText();
    return Arrays.stream(granted.split(" ")).collect(Collectors.toSet());
  }
}
