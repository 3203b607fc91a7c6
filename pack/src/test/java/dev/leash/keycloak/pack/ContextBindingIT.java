package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.ClientProfiles;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.DpopKey;
import dev.leash.keycloak.testsupport.Http;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code leash-context-binding} on a real server: the approval belongs to the device that asked. A
 * second loopback address (127.0.0.2) plays another host; a second DPoP key plays a thief.
 */
@LeashKeycloakTest
class ContextBindingIT {

  private static final String EXECUTOR = "leash-context-binding";
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final TestUser APPROVER = TestUser.withPassword("cb-approver", "approver-pass");
  private static final String OTHER_AGENT = "cb-other-agent";

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
            RealmJson.addAgentLikeTheDemoAgent(json, OTHER_AGENT);
          });

  private static KeycloakServer server;
  private static DemoRealm realm;
  private static ClientProfiles profiles;
  private static InetAddress otherHost;

  @BeforeAll
  static void connect(KeycloakServer keycloak) throws Exception {
    server = keycloak;
    realm = demo.realm();
    profiles = new ClientProfiles(server, DemoRealm.NAME);
    otherHost = InetAddress.getByName("127.0.0.2");
  }

  @Test
  void dpopBoundDeviceGetsATokenBoundToItsKeyWithTheAgentClaim() {
    binding(Map.of("binding-mode", "dpop"));
    DpopKey key = DpopKey.generate();
    DeviceFlowClient agent = realm.agent().withDpop(key);
    Map<String, String> request = new LinkedHashMap<>();
    request.put("scope", "openid");
    request.put("agent_name", "build-bot");
    request.put("agent_instance", "ci-7");
    request.put("purpose", "deploy release 1.4");
    request.put("command", "kubectl apply -f release.yaml");
    OAuthResponse authorization = agent.authorize(request);
    assertEquals(200, authorization.status(), authorization::toString);
    realm.approverAs(APPROVER).approve(authorization);

    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    assertEquals("DPoP", tokens.field("token_type"));
    JsonNode claims = Jwt.claims(tokens.accessToken());
    assertEquals(key.thumbprint(), claims.path("cnf").path("jkt").asText(), claims::toString);
    JsonNode agentClaim = claims.path("agent");
    assertEquals("dpop", agentClaim.path("binding").asText(), claims::toString);
    assertEquals("127.0.0.1", agentClaim.path("ip").asText());
    assertEquals(claims.path("sub").asText(), agentClaim.path("approver").asText());
    assertFalse(agentClaim.path("approval_id").asText().isEmpty());
    assertEquals("build-bot", agentClaim.path("declared").path("agent_name").asText());
    assertEquals(
        "kubectl apply -f release.yaml", agentClaim.path("declared").path("command").asText());

    String accessToken = tokens.accessToken();
    assertEquals(200, userinfoStatus(accessToken, key));
    assertEquals(401, userinfoStatus(accessToken, DpopKey.generate()));
    assertEquals(401, userinfoStatus(accessToken, null));
  }

  @Test
  void refreshNeedsTheBoundKeyToo() {
    binding(Map.of("binding-mode", "dpop"));
    profiles.configure("leash-hard-expiry", Map.of("refresh-tokens-allowed", true));
    try {
      DpopKey key = DpopKey.generate();
      DeviceFlowClient device = realm.agent().withDpop(key);
      OAuthResponse authorization = device.authorize("openid");
      realm.approverAs(APPROVER).approve(authorization);
      OAuthResponse tokens = device.pollUntilSettled(authorization, SETTLE_TIMEOUT);
      assertEquals(200, tokens.status(), tokens::toString);

      OAuthResponse stolen =
          realm.agent().withDpop(DpopKey.generate()).refresh(tokens.refreshToken());
      assertEquals(400, stolen.status(), stolen::toString);
      OAuthResponse refreshed = device.refresh(tokens.refreshToken());
      assertEquals(200, refreshed.status(), refreshed::toString);
      assertEquals(
          key.thumbprint(), Jwt.claims(refreshed.accessToken()).path("cnf").path("jkt").asText());
    } finally {
      profiles.configure("leash-hard-expiry", Map.of());
    }
  }

  @Test
  void pollsWithoutTheDevicesKeyAreRefusedAndDoNotBurnTheCode() throws Exception {
    binding(Map.of("binding-mode", "dpop"));
    DeviceFlowClient device = realm.agent().withDpop(DpopKey.generate());
    OAuthResponse authorization = device.authorize("openid");
    realm.approverAs(APPROVER).approve(authorization);

    OAuthResponse thief =
        realm.agent().withDpop(DpopKey.generate()).poll(authorization.deviceCode());
    assertEquals("invalid_grant", thief.error(), thief::toString);
    OAuthResponse noProof = realm.agent().poll(authorization.deviceCode());
    assertEquals("invalid_dpop_proof", noProof.error(), noProof::toString);
    for (int i = 0; i < 15; i++) {
      realm.agent().withDpop(DpopKey.generate()).poll(authorization.deviceCode());
    }

    OAuthResponse tokens = device.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
  }

  /** A thief polling as another client neither revokes the code nor slows its device down. */
  @Test
  void pollsOfAStolenCodeAsAnotherClientDoNotBurnTheCode() {
    binding(Map.of("binding-mode", "dpop"));
    DeviceFlowClient device = realm.agent().withDpop(DpopKey.generate());
    OAuthResponse authorization = device.authorize("openid");
    realm.approverAs(APPROVER).approve(authorization);

    DeviceFlowClient thief = realm.agent(OTHER_AGENT).withDpop(DpopKey.generate());
    OAuthResponse stolen = thief.poll(authorization.deviceCode());
    assertEquals("invalid_grant", stolen.error(), stolen::toString);
    for (int i = 0; i < 15; i++) {
      thief.poll(authorization.deviceCode()); // slow_down: the thief's own pace
    }

    OAuthResponse tokens = device.poll(authorization.deviceCode());
    assertEquals(200, tokens.status(), tokens::toString);
  }

  /**
   * Keycloak also reads parameters from a request object (an unsigned one too, by default) and
   * keeps its claims with the code: none may forge what Leash stamps there.
   */
  @Test
  void aRequestObjectCannotForgeLeashsStamps() {
    binding(Map.of("binding-mode", "none"));
    String requestObject =
        Jwt.unsigned(
            "{\"client_id\":\"demo-agent\",\"scope\":\"openid\",\"leash_ip\":\"10.0.0.5\","
                + "\"leash_binding\":\"none\"}");
    OAuthResponse forged =
        realm.agent().authorize(Map.of("scope", "openid", "request", requestObject));
    assertEquals("invalid_request", forged.error(), forged::toString);
    assertTrue(forged.errorDescription().contains("reserved"), forged::toString);
  }

  @Test
  void replayedDpopProofIsRefused() throws Exception {
    binding(Map.of("binding-mode", "dpop"));
    DpopKey key = DpopKey.generate();
    DeviceFlowClient agent = realm.agent();
    String authorizationProof = key.proof("POST", agent.endpoint("auth/device"));
    Map<String, String> scope = Map.of("scope", "openid");
    OAuthResponse authorization =
        agent.send("auth/device", scope, Map.of("DPoP", authorizationProof));
    assertEquals(200, authorization.status(), authorization::toString);
    OAuthResponse replayedAuthorization =
        agent.send("auth/device", scope, Map.of("DPoP", authorizationProof));
    assertEquals(
        "invalid_dpop_proof", replayedAuthorization.error(), replayedAuthorization::toString);

    String pollProof = key.proof("POST", agent.endpoint("token"));
    Map<String, String> poll =
        Map.of(
            "grant_type",
            DeviceFlowClient.DEVICE_CODE_GRANT,
            "device_code",
            authorization.deviceCode());
    assertEquals(
        "authorization_pending", agent.send("token", poll, Map.of("DPoP", pollProof)).error());
    Thread.sleep(1200);
    OAuthResponse replayedPoll = agent.send("token", poll, Map.of("DPoP", pollProof));
    // Keycloak's own token-endpoint check refuses it, with invalid_request rather than RFC 9449's
    // invalid_dpop_proof.
    assertEquals(400, replayedPoll.status(), replayedPoll::toString);
    assertTrue(
        replayedPoll.errorDescription().contains("already been used"), replayedPoll::toString);
  }

  @Test
  void requiredDpopRefusesRequestsWithoutAKey() {
    binding(Map.of("binding-mode", "dpop", "require-dpop", true));
    OAuthResponse refused = realm.agent().authorize("openid");
    assertEquals(400, refused.status(), refused::toString);
    assertEquals("invalid_request", refused.error());
    assertTrue(refused.errorDescription().contains("DPoP"), refused::toString);
    assertEquals(200, realm.agent().withDpop(DpopKey.generate()).authorize("openid").status());
  }

  @Test
  void addressBindingRefusesPollsFromAnotherHost() {
    binding(Map.of("binding-mode", "ip"));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    realm.approverAs(APPROVER).approve(authorization);

    OAuthResponse elsewhere = agent.from(otherHost).poll(authorization.deviceCode());
    assertEquals(400, elsewhere.status(), elsewhere::toString);
    assertEquals("invalid_grant", elsewhere.error(), elsewhere::toString);

    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    assertEquals("ip", Jwt.claims(tokens.accessToken()).path("agent").path("binding").asText());
  }

  @Test
  void addressBindingAcceptsTheConfiguredNetworkPrefix() {
    binding(Map.of("binding-mode", "ip", "ipv4-prefix", 24));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    realm.approverAs(APPROVER).approve(authorization);

    OAuthResponse tokens = agent.from(otherHost).pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
  }

  @Test
  void withoutAKeyDpopModeFallsBackToTheAddressAndIgnoresForwardedHeaders() {
    binding(Map.of("binding-mode", "dpop"));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization =
        agent.send(
            "auth/device",
            Map.of("scope", "openid"),
            Map.of("X-Forwarded-For", "203.0.113.9", "Forwarded", "for=203.0.113.9"));
    assertEquals(200, authorization.status(), authorization::toString);
    realm.approverAs(APPROVER).approve(authorization);

    assertEquals("invalid_grant", agent.from(otherHost).poll(authorization.deviceCode()).error());
    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    JsonNode agentClaim = Jwt.claims(tokens.accessToken()).path("agent");
    assertEquals("ip", agentClaim.path("binding").asText());
    assertEquals("127.0.0.1", agentClaim.path("ip").asText(), "a forwarded header was trusted");
  }

  @Test
  void declaredFieldsAreValidatedAndOtherwiseKeptVerbatim() {
    binding(Map.of("binding-mode", "none"));
    DeviceFlowClient agent = realm.agent();

    OAuthResponse control = agent.authorize(Map.of("scope", "openid", "agent_name", "bot\u0007"));
    assertEquals("invalid_request", control.error(), control::toString);
    assertTrue(control.errorDescription().contains("agent_name"), control::toString);
    OAuthResponse oversized =
        agent.authorize(Map.of("scope", "openid", "purpose", "x".repeat(201)));
    assertEquals("invalid_request", oversized.error(), oversized::toString);
    assertTrue(oversized.errorDescription().contains("purpose"), oversized::toString);
    OAuthResponse forged = agent.authorize(Map.of("scope", "openid", "leash_ip", "10.0.0.1"));
    assertEquals("invalid_request", forged.error(), forged::toString);

    String markup = "<script>alert('agent')</script> & \"quotes\"";
    OAuthResponse authorization =
        agent.authorize(
            Map.of("scope", "openid profile", "agent_name", markup, "purpose", "<b>deploy</b>"));
    assertEquals(200, authorization.status(), authorization::toString);

    Page approvalScreen = realm.approverAs(APPROVER).signIn(authorization);
    String html = approvalScreen.html();
    assertFalse(html.contains("<script>alert("), "device markup rendered unescaped:\n" + html);
    assertFalse(html.contains("<b>deploy</b>"), "device markup rendered unescaped:\n" + html);
    assertTrue(html.contains("&lt;script&gt;alert("), html);
    assertEquals(markup, approvalScreen.document().selectFirst("#leash-claimed-agent_name").text());
    assertEquals("127.0.0.1", approvalScreen.document().selectFirst("#leash-source-ip").text());
    assertTrue(approvalScreen.text().contains("Claimed by the device (not verified)"), html);
    String scopes = approvalScreen.document().selectFirst("#leash-scopes").text();
    assertTrue(scopes.contains("profile: User profile"), scopes);

    Page done =
        approvalScreen.form("#leash-approval-form").orElseThrow().submit("decision", "approve");
    done = done.form("[name=accept]").orElseThrow().submit("accept");
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    JsonNode declared = Jwt.claims(tokens.accessToken()).path("agent").path("declared");
    assertEquals(markup, declared.path("agent_name").asText());
  }

  private static void binding(Map<String, Object> configuration) {
    profiles.configure(EXECUTOR, configuration);
  }

  /** Status of a userinfo call with the token, proving {@code key} ({@code null}: no proof). */
  private static int userinfoStatus(String accessToken, DpopKey key) {
    URI userinfo = realm.agent().endpoint("userinfo");
    HttpRequest.Builder request = HttpRequest.newBuilder(userinfo).timeout(Http.TIMEOUT).GET();
    if (key == null) {
      request.header("Authorization", "Bearer " + accessToken);
    } else {
      request.header("Authorization", "DPoP " + accessToken);
      request.header("DPoP", key.proof("GET", userinfo, accessToken));
    }
    return Http.send(Http.client(), request.build()).statusCode();
  }
}
