package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.ClientProfiles;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.DpopKey;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code leash-scope-limit} with the {@code leash-agent-client} condition, as the demo realm sets
 * them (openid, profile, agent:read and agent:write; approvers: group agent-approvers), changed
 * through the admin REST API where a test needs other settings. Step-up is out of this realm's
 * flow.
 */
@LeashKeycloakTest
class ScopeLimitIT {

  private static final String EXECUTOR = "leash-scope-limit";
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final TestUser APPROVER = TestUser.withPassword("sl-approver", "approver-pass");

  /** An agent of its own, so no other test's pending codes hold its places. */
  private static final String DENIED_AGENT = "sl-denied-agent";

  /** An agent of its own, whose codes pass their deadline. */
  private static final String DEADLINE_AGENT = "sl-deadline-agent";

  /** An agent of its own, approved by a person disabled before the agent polls. */
  private static final String DISABLED_APPROVER_AGENT = "sl-disabled-approver-agent";

  /** Disabled by the test that uses it. */
  private static final TestUser APPROVER_TO_DISABLE =
      TestUser.withPassword("sl-approver-to-disable", "approver-pass");

  /** An agent of its own, whose requests a check after the slot's claim refuses. */
  private static final String REFUSED_AGENT = "sl-refused-agent";

  private static final Map<String, Object> DEMO_POLICY =
      Map.of(
          "allowed-scopes",
          List.of("openid", "profile", "agent:read", "agent:write"),
          "max-scopes",
          4,
          "approver-groups",
          List.of(DemoRealm.APPROVERS_GROUP),
          "agent-settings-allowed",
          true);

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
            RealmJson.addPasswordUser(json, APPROVER_TO_DISABLE);
            RealmJson.addAgentLikeTheDemoAgent(json, DISABLED_APPROVER_AGENT);
            RealmJson.addAgentLikeTheDemoAgent(json, DENIED_AGENT);
            RealmJson.addAgentLikeTheDemoAgent(json, REFUSED_AGENT);
            RealmJson.addAgentLikeTheDemoAgent(json, DEADLINE_AGENT);
          });

  private static ClientProfiles profiles;
  private static KeycloakServer server;

  @BeforeAll
  static void connect(KeycloakServer keycloak) {
    server = keycloak;
    profiles = new ClientProfiles(keycloak, DemoRealm.NAME);
  }

  @AfterEach
  void restoreTheDemoPolicy() {
    profiles.configure(EXECUTOR, DEMO_POLICY);
  }

  @Test
  void anOutOfPolicyScopeIsRefusedByName() {
    OAuthResponse refused = demo.realm().agent().authorize("openid phone");
    assertEquals(400, refused.status(), refused::toString);
    assertEquals("invalid_scope", refused.error());
    assertTrue(refused.errorDescription().contains("phone"), refused::toString);
    assertEquals(200, demo.realm().agent().authorize("openid agent:read").status());
  }

  @Test
  void aPolicyChangedThroughTheAdminApiTakesEffectAtOnce() {
    assertEquals(200, demo.realm().agent().authorize("openid profile agent:read").status());
    profiles.configure(EXECUTOR, withDemoPolicy("max-scopes", 2));
    OAuthResponse refused = demo.realm().agent().authorize("openid profile agent:read");
    assertEquals("invalid_scope", refused.error(), refused::toString);
    assertTrue(refused.errorDescription().contains("at most 2"), refused::toString);
  }

  @Test
  void someoneOutsideTheApproversIsRefusedAndAnApproverCanStillApprove() {
    DemoRealm realm = demo.realm();
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");

    Page refused = realm.approverAs(realm.bob()).approve(authorization);
    assertEquals(403, refused.status(), refused::toString);
    assertTrue(refused.text().contains("not allowed to approve"), refused::toString);
    assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());

    Page done = realm.approverAs(APPROVER).approve(authorization);
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
    assertEquals(200, agent.pollUntilSettled(authorization, SETTLE_TIMEOUT).status());
  }

  @Test
  void theRequestLimitAnswers429WithRetryAfterAndRecoversAfterTheWindow() throws Exception {
    profiles.configure(
        EXECUTOR, withDemoPolicy("max-requests-per-window", 2, "request-window-seconds", 4));
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse over = null;
    for (int request = 0; request < 3 && (over == null || over.status() == 200); request++) {
      over = agent.authorize("openid");
    }
    assertEquals(429, over.status(), over::toString);
    assertEquals("slow_down", over.error(), over::toString);
    long retryAfter = Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 4, over::toString);

    Thread.sleep(retryAfter * 1000 + 200);
    assertEquals(200, agent.authorize("openid").status());
  }

  @Test
  void thePendingCodeCapHoldsUntilACodeIsUsed() {
    profiles.configure(EXECUTOR, withDemoPolicy("max-pending-codes", 2));
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse first = agent.authorize("openid");
    assertEquals(200, agent.authorize("openid").status());
    OAuthResponse third = agent.authorize("openid");
    assertEquals(429, third.status(), third::toString);
    assertTrue(
        third.errorDescription().contains("waiting for approval as it may (2)"), third::toString);

    demo.realm().approverAs(APPROVER).approve(first);
    assertEquals(200, agent.pollUntilSettled(first, SETTLE_TIMEOUT).status());
    assertEquals(200, agent.authorize("openid").status());
  }

  @Test
  void aDenialOnKeycloaksConsentScreenFreesThePendingSlotOnce() {
    profiles.configure(EXECUTOR, withDemoPolicy("max-pending-codes", 1));
    DeviceFlowClient agent = demo.realm().agent(DENIED_AGENT);
    OAuthResponse denied = agent.authorize("openid");
    assertEquals(200, denied.status(), denied::toString);
    Page screen = demo.realm().approverAs(APPROVER).signIn(denied);
    Page consent = screen.form("#leash-approval-form").orElseThrow().submit("decision", "approve");
    consent.form("[name=accept]").orElseThrow().submit("cancel");
    assertEquals("access_denied", agent.pollUntilSettled(denied, SETTLE_TIMEOUT).error());

    OAuthResponse next = agent.authorize("openid");
    assertEquals(200, next.status(), next::toString);

    // Every later poll of the denied code answers access_denied again; none frees the new code's.
    assertEquals("access_denied", agent.pollUntilSettled(denied, SETTLE_TIMEOUT).error());
    OAuthResponse over = agent.authorize("openid");
    assertEquals(429, over.status(), over::toString);
    assertTrue(
        over.errorDescription().contains("waiting for approval as it may (1)"), over::toString);
  }

  /**
   * A request that an executor after {@code leash-scope-limit} refuses (here {@code
   * leash-context-binding}, moved last, requiring DPoP) got a pending-code slot first: Keycloak
   * rolls the refused request back, and the slot is freed with it. The rollback may end after the
   * answer was sent, so the slot may be free a moment later rather than at once; without the
   * release it would stay taken for the code's lifetime (10 minutes here).
   */
  @Test
  void aRequestRefusedAfterItsSlotWasClaimedDoesNotHoldTheSlot() throws InterruptedException {
    JsonNode before = profiles.snapshot();
    try {
      profiles.configure(EXECUTOR, withDemoPolicy("max-pending-codes", 1));
      profiles.runLast(
          "leash-context-binding", Map.of("binding-mode", "dpop", "require-dpop", true));
      DeviceFlowClient agent = demo.realm().agent(REFUSED_AGENT);
      OAuthResponse refused = agent.authorize("openid");
      assertEquals("invalid_request", refused.error(), refused::toString);
      assertTrue(refused.errorDescription().contains("DPoP"), refused::toString);

      DeviceFlowClient withKey = agent.withDpop(DpopKey.generate());
      OAuthResponse accepted = withKey.authorize("openid");
      for (int i = 0; i < 50 && accepted.status() == 429; i++) {
        Thread.sleep(100); // the refused request's rollback is still under way
        accepted = withKey.authorize("openid");
      }
      assertEquals(200, accepted.status(), accepted::toString);
      OAuthResponse over = withKey.authorize("openid");
      assertEquals(429, over.status(), over::toString);
    } finally {
      profiles.restore(before);
    }
  }

  /**
   * With {@code leash-scope-limit} before {@code leash-hard-expiry}, the place is claimed before
   * the deadline is stamped, so it would be held for the realm's code lifespan (10 minutes here).
   * The poll that finds the code past its deadline frees it.
   */
  @Test
  void aCodePastItsDeadlineFreesItsPlaceWhenPolled() throws InterruptedException {
    JsonNode before = profiles.snapshot();
    try {
      profiles.configure(EXECUTOR, withDemoPolicy("max-pending-codes", 1));
      profiles.runLast("leash-hard-expiry", Map.of("device-code-lifetime-cap", 2));
      DeviceFlowClient agent = demo.realm().agent(DEADLINE_AGENT);
      OAuthResponse lapsed = agent.authorize("openid");
      assertEquals(200, lapsed.status(), lapsed::toString);
      assertEquals(429, agent.authorize("openid").status(), "the cap holds");

      Thread.sleep(3000);
      assertEquals("expired_token", agent.poll(lapsed.deviceCode()).error());
      OAuthResponse next = agent.authorize("openid");
      assertEquals(200, next.status(), next::toString);
    } finally {
      profiles.restore(before);
    }
  }

  /**
   * Keycloak removes an approved code before its last checks, and refuses tokens for a person
   * disabled since: the code is gone, and so is its place.
   */
  @Test
  void anApprovedCodeFreesItsPlaceEvenWhenKeycloakThenRefusesTheTokens() {
    profiles.configure(EXECUTOR, withDemoPolicy("max-pending-codes", 1));
    DeviceFlowClient agent = demo.realm().agent(DISABLED_APPROVER_AGENT);
    OAuthResponse approved = agent.authorize("openid");
    assertEquals(200, approved.status(), approved::toString);
    assertEquals(429, agent.authorize("openid").status(), "the cap holds");
    demo.realm().approverAs(APPROVER_TO_DISABLE).approve(approved);
    disable(APPROVER_TO_DISABLE);

    OAuthResponse refused = agent.poll(approved.deviceCode());
    assertEquals("invalid_grant", refused.error(), refused::toString);
    assertEquals("User disabled", refused.errorDescription(), refused::toString);
    OAuthResponse next = agent.authorize("openid");
    assertEquals(200, next.status(), next::toString);
  }

  private static void disable(TestUser person) {
    String id = server.admin().user(DemoRealm.NAME, person.username()).path("id").asText();
    String user = "/admin/realms/" + DemoRealm.NAME + "/users/" + id;
    assertEquals(204, server.admin().put(user, Map.of("enabled", false)).statusCode());
  }

  private static Map<String, Object> withDemoPolicy(Object... settings) {
    Map<String, Object> configuration = new java.util.HashMap<>(DEMO_POLICY);
    for (int i = 0; i < settings.length; i += 2) {
      configuration.put((String) settings[i], settings[i + 1]);
    }
    return configuration;
  }

  @Test
  void aStepUpScopeApprovedWithoutStepUpGetsNoToken() {
    profiles.configure(EXECUTOR, withDemoPolicy("step-up-scopes", List.of("agent:write")));
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid agent:write");
    demo.realm().approverAs(APPROVER).approve(authorization);

    OAuthResponse answer = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals("invalid_grant", answer.error(), answer::toString);
    assertTrue(answer.errorDescription().contains("second factor"), answer::toString);
  }
}
