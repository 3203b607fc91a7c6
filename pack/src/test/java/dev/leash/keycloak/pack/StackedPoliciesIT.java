package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.DpopKey;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several client profiles with Leash's executors covering one agent, as an identity team stacks a
 * realm-wide baseline and a stricter profile for some agents: every profile's limits hold, none is
 * spent twice by one request, and none widens who may approve, drops another's step-up or loosens
 * another's binding. Each test's agent has a policy of its own, after the demo policy that covers
 * every agent (here binding to the address's /24).
 */
@LeashKeycloakTest
class StackedPoliciesIT {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final String EXECUTOR = "leash-scope-limit";
  private static final String BINDING = "leash-context-binding";

  private static final String PENDING_AGENT = "stacked-pending-agent";
  private static final String RATE_AGENT = "stacked-rate-agent";
  private static final String APPROVERS_AGENT = "stacked-approvers-agent";
  private static final String BINDING_AGENT = "stacked-binding-agent";

  /** The realm role the approvers agent's own profile requires of approvers. */
  private static final String OFFICER_ROLE = "agent-officer";

  /** In the demo's approvers group, without the role. */
  private static final TestUser GROUP_ONLY = TestUser.withPassword("st-group-only", "pass-1");

  /** Has the role, outside the demo's approvers group. */
  private static final TestUser ROLE_ONLY = TestUser.withPassword("st-role-only", "pass-2");

  /** In the group and with the role. */
  private static final TestUser BOTH = TestUser.withPassword("st-both", "pass-3");

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            // The demo profile, which covers every agent: step-up for agent:write.
            RealmJson.executorConfiguration(json, EXECUTOR)
                .set("step-up-scopes", MAPPER.valueToTree(List.of("agent:write")));
            RealmJson.executorConfiguration(json, BINDING)
                .put("binding-mode", "ip")
                .put("ipv4-prefix", 24);
            json.withObject("/roles").withArray("realm").addObject().put("name", OFFICER_ROLE);
            RealmJson.addPasswordUser(json, GROUP_ONLY);
            addUser(json, ROLE_ONLY).remove("groups");
            addUser(json, BOTH);
            withRole(json, ROLE_ONLY);
            withRole(json, BOTH);
            addPolicy(
                json,
                PENDING_AGENT,
                Map.of("max-pending-codes", 3),
                Map.of("max-pending-codes", 2));
            addPolicy(
                json,
                RATE_AGENT,
                Map.of("max-requests-per-window", 6, "request-window-seconds", 86400),
                Map.of("max-requests-per-window", 4, "request-window-seconds", 86400));
            addPolicy(
                json,
                APPROVERS_AGENT,
                Map.of(
                    "approver-roles",
                    List.of(OFFICER_ROLE),
                    "step-up-scopes",
                    List.of("agent:read")));
            addPolicy(
                json,
                BINDING_AGENT,
                BINDING,
                Map.of("binding-mode", "dpop", "ip-fallback", true, "ipv4-prefix", 32));
          });

  private static InetAddress otherHost;

  @BeforeAll
  static void otherHost() throws Exception {
    otherHost = InetAddress.getByName("127.0.0.2"); // another loopback address plays another host
  }

  /** Before: the first code took a place under each profile, and the second was refused. */
  @Test
  void aCodeTakesOnePlaceAndTheStricterCapHolds() {
    DeviceFlowClient agent = demo.realm().agent(PENDING_AGENT);
    OAuthResponse first = agent.authorize("openid");
    assertEquals(200, first.status(), first::toString);
    OAuthResponse second = agent.authorize("openid");
    assertEquals(200, second.status(), second::toString);
    OAuthResponse third = agent.authorize("openid");
    assertEquals(429, third.status(), third::toString);
    assertTrue(
        third.errorDescription().contains("waiting for approval as it may (2)"), third::toString);

    demo.realm().approverAs(GROUP_ONLY).approve(first);
    assertEquals(200, agent.pollUntilSettled(first, SETTLE_TIMEOUT).status());
    OAuthResponse next = agent.authorize("openid");
    assertEquals(200, next.status(), next::toString);
  }

  /** Before: each request counted twice, so the third was refused. */
  @Test
  void aRequestCountsOnceAndTheStricterRequestLimitHolds() {
    DeviceFlowClient agent = demo.realm().agent(RATE_AGENT);
    for (int request = 1; request <= 4; request++) {
      OAuthResponse accepted = agent.authorize("openid");
      assertEquals(200, accepted.status(), "request " + request + ": " + accepted);
    }
    OAuthResponse over = agent.authorize("openid");
    assertEquals(429, over.status(), over::toString);
    assertTrue(over.errorDescription().contains("Too many device requests"), over::toString);
  }

  /**
   * Before: the approvers profile's role was read as an alternative to the demo's group, so either
   * sufficed.
   */
  @Test
  void anApproverMustPassEveryProfilesApprovers() {
    DeviceFlowClient agent = demo.realm().agent(APPROVERS_AGENT);
    OAuthResponse authorization = agent.authorize("openid");
    assertEquals(200, authorization.status(), authorization::toString);

    for (TestUser outsider : List.of(GROUP_ONLY, ROLE_ONLY)) {
      Page refused = demo.realm().approverAs(outsider).approve(authorization);
      assertEquals(403, refused.status(), outsider.username() + ": " + refused);
      assertTrue(refused.text().contains("not allowed to approve"), refused::toString);
    }
    assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());

    Page done = demo.realm().approverAs(BOTH).approve(authorization);
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
    assertEquals(200, agent.pollUntilSettled(authorization, SETTLE_TIMEOUT).status());
  }

  /**
   * The demo profile asks step-up for agent:write, the agent's own for agent:read; the approval
   * flow of this realm has no step-up. Before: the last profile's list replaced the first's, and
   * agent:write got tokens.
   */
  @Test
  void everyProfilesStepUpScopesNeedStepUp() {
    DeviceFlowClient agent = demo.realm().agent(APPROVERS_AGENT);
    for (String scope : List.of("agent:write", "agent:read")) {
      OAuthResponse authorization = agent.authorize("openid " + scope);
      assertEquals(200, authorization.status(), authorization::toString);
      demo.realm().approverAs(BOTH).approve(authorization);

      OAuthResponse answer = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
      assertEquals("invalid_grant", answer.error(), scope + ": " + answer);
      assertTrue(answer.errorDescription().contains("second factor"), answer::toString);
    }
  }

  /** Before: the first profile's binding stood, and another host in its /24 got the tokens. */
  @Test
  void aLaterProfileBindsToTheAddressMoreNarrowly() {
    DeviceFlowClient agent = demo.realm().agent(BINDING_AGENT);
    OAuthResponse authorization = agent.authorize("openid");
    assertEquals(200, authorization.status(), authorization::toString);
    demo.realm().approverAs(GROUP_ONLY).approve(authorization);

    OAuthResponse elsewhere = agent.from(otherHost).poll(authorization.deviceCode());
    assertEquals("invalid_grant", elsewhere.error(), elsewhere::toString);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
  }

  /** Before: the first profile's address binding stood for a device that proved a DPoP key. */
  @Test
  void aLaterProfileBindsToTheDevicesDpopKey() {
    DeviceFlowClient device = demo.realm().agent(BINDING_AGENT).withDpop(DpopKey.generate());
    OAuthResponse authorization = device.authorize("openid");
    assertEquals(200, authorization.status(), authorization::toString);
    demo.realm().approverAs(GROUP_ONLY).approve(authorization);

    OAuthResponse thief =
        demo.realm()
            .agent(BINDING_AGENT)
            .withDpop(DpopKey.generate())
            .poll(authorization.deviceCode());
    assertEquals("invalid_grant", thief.error(), thief::toString);
    OAuthResponse tokens = device.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    assertEquals("dpop", Jwt.claims(tokens.accessToken()).path("agent").path("binding").asText());
  }

  private static ObjectNode addUser(ObjectNode realm, TestUser person) {
    RealmJson.addPasswordUser(realm, person);
    ArrayNode users = realm.withArray("users");
    return (ObjectNode) users.get(users.size() - 1);
  }

  private static void withRole(ObjectNode realm, TestUser person) {
    for (var user : realm.withArray("users")) {
      if (person.username().equals(user.path("username").asText())) {
        ((ObjectNode) user).withArray("realmRoles").add(OFFICER_ROLE);
      }
    }
  }

  /**
   * A policy for {@code clientId} alone, applying one profile per configuration, each with the one
   * executor {@code executorId}. It comes after the demo policy, so its executors run after the
   * demo's.
   */
  @SafeVarargs
  private static void addPolicy(
      ObjectNode realm, String clientId, Map<String, Object>... configurations) {
    addPolicy(realm, clientId, EXECUTOR, configurations);
  }

  @SafeVarargs
  private static void addPolicy(
      ObjectNode realm, String clientId, String executorId, Map<String, Object>... configurations) {
    RealmJson.addAgentLikeTheDemoAgent(realm, clientId);
    ObjectNode policy = realm.withObject("/clientPolicies").withArray("policies").addObject();
    policy.put("name", clientId + "-policy").put("enabled", true);
    ObjectNode condition = policy.putArray("conditions").addObject();
    condition.put("condition", "leash-agent-client");
    condition.set(
        "configuration",
        MAPPER.valueToTree(Map.of("device-grant-clients", false, "client-ids", List.of(clientId))));
    ArrayNode profileNames = policy.putArray("profiles");
    int number = 0;
    for (Map<String, Object> configuration : configurations) {
      String name = clientId + "-profile-" + ++number;
      profileNames.add(name);
      ObjectNode profile = realm.withObject("/clientProfiles").withArray("profiles").addObject();
      profile.put("name", name);
      ObjectNode executor = profile.putArray("executors").addObject();
      executor.put("executor", executorId);
      executor.set("configuration", MAPPER.valueToTree(configuration));
    }
  }
}
