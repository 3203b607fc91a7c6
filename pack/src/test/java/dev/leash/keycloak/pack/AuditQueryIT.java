package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The filters and paging of {@code GET .../leash/audit} on a real server. A fresh realm holds four
 * grants, each asked for in a later second than the one before: A (demo agent, approved by the
 * first approver), B (a second agent, approved by the second approver), C (demo agent, denied by
 * the second approver) and D (second agent, pending). Each filter must pick exactly its grants, so
 * a filter that ignored its parameter would answer all four.
 */
@LeashKeycloakTest
class AuditQueryIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String OTHER_AGENT = "query-agent";
  private static final TestUser FIRST = TestUser.withPassword("aq-first", "first-pass");
  private static final TestUser SECOND = TestUser.withPassword("aq-second", "second-pass");

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, FIRST);
            RealmJson.addPasswordUser(json, SECOND);
            json.withArray("clients").add(copyOfTheDemoAgent(json));
          });

  private static AdminClient admin;
  private static AuditApi audit;

  /** Grant name by the agent instance it declared. */
  private static final Map<String, String> GRANTS = new LinkedHashMap<>();

  /** Each grant's record, by grant name, as it ended up. */
  private static final Map<String, JsonNode> RECORDS = new LinkedHashMap<>();

  @BeforeAll
  static void askForFourGrants(KeycloakServer server) {
    admin = server.admin();
    audit = new AuditApi(admin, DemoRealm.NAME);
    DeviceFlowClient demoAgent = demo.realm().agent();
    DeviceFlowClient otherAgent = new DeviceFlowClient(server, DemoRealm.NAME, OTHER_AGENT);

    OAuthResponse a = ask("A", demoAgent);
    demo.realm().approverAs(FIRST).approve(a);
    assertEquals(200, demoAgent.pollUntilSettled(a, TIMEOUT).status());

    OAuthResponse b = ask("B", otherAgent);
    demo.realm().approverAs(SECOND).approve(b);
    assertEquals(200, otherAgent.pollUntilSettled(b, TIMEOUT).status());

    OAuthResponse c = ask("C", demoAgent);
    demo.realm().approverAs(SECOND).deny(c);
    assertEquals("access_denied", demoAgent.pollUntilSettled(c, TIMEOUT).error());

    ask("D", otherAgent);

    awaitRecord("A", record -> record.path("tokens").size() == 1);
    awaitRecord("B", record -> record.path("tokens").size() == 1);
    awaitRecord("C", record -> "denied".equals(record.path("outcome").asText()));
    awaitRecord("D", record -> "pending".equals(record.path("outcome").asText()));
  }

  @Test
  void withoutFiltersEveryRecordComesNewestFirst() {
    assertEquals(List.of("D", "C", "B", "A"), grants(""));
  }

  @Test
  void theAgentFilterPicksTheAgentsGrants() {
    assertEquals(List.of("D", "B"), grants("?agent=" + OTHER_AGENT));
    assertEquals(List.of("C", "A"), grants("?agent=" + DemoRealm.AGENT_CLIENT_ID));
    assertEquals(List.of(), grants("?agent=no-such-agent"));
  }

  @Test
  void theUserFilterPicksWhomTheApproverDecidedByIdOrUsername() {
    assertEquals(List.of("A"), grants("?user=" + FIRST.username()));
    assertEquals(List.of("C", "B"), grants("?user=" + SECOND.username()));
    String secondId = RECORDS.get("B").at("/decision/approver/id").asText();
    assertEquals(List.of("C", "B"), grants("?user=" + secondId));
    assertEquals(List.of(), grants("?user=bob"), "bob decided nothing");
  }

  @Test
  void theOutcomeFilterPicksGrantsThatEndedSo() {
    assertEquals(List.of("B", "A"), grants("?outcome=approved"));
    assertEquals(List.of("C"), grants("?outcome=denied"));
    assertEquals(List.of("D"), grants("?outcome=pending"));
    assertEquals(List.of(), grants("?outcome=expired"));
    assertEquals(400, audit.get("?outcome=lost").statusCode());
  }

  @Test
  void filtersCombine() {
    assertEquals(
        List.of("A"),
        grants("?agent=" + DemoRealm.AGENT_CLIENT_ID + "&outcome=approved"),
        "the demo agent's approved grant, not its denied one");
    assertEquals(List.of("B"), grants("?agent=" + OTHER_AGENT + "&user=" + SECOND.username()));
  }

  @Test
  void fromIsInclusiveAndToExclusiveOnTheCreationTime() {
    String b = createdAt("B").toString();
    String d = createdAt("D").toString();
    assertEquals(List.of("D", "C", "B"), grants("?from=" + b));
    assertEquals(List.of("A"), grants("?to=" + b));
    assertEquals(List.of("C", "B"), grants("?from=" + b + "&to=" + d));
    assertEquals(400, audit.get("?from=yesterday").statusCode());
  }

  @Test
  void aDayMeansItsStartInUtc() {
    LocalDate firstDay = LocalDate.ofInstant(createdAt("A"), ZoneOffset.UTC);
    LocalDate lastDay = LocalDate.ofInstant(createdAt("D"), ZoneOffset.UTC);
    assertEquals(List.of("D", "C", "B", "A"), grants("?from=" + firstDay));
    assertEquals(List.of(), grants("?to=" + firstDay));
    assertEquals(List.of(), grants("?from=" + lastDay.plusDays(1)));
    assertEquals(List.of("D", "C", "B", "A"), grants("?to=" + lastDay.plusDays(1)));
  }

  @Test
  void firstAndMaxPageThroughTheSameOrder() {
    assertEquals(List.of("D"), grants("?max=1"));
    assertEquals(List.of("C", "B"), grants("?first=1&max=2"));
    assertEquals(List.of("A"), grants("?first=3&max=2"));
    assertEquals(List.of(), grants("?first=4"));
    assertEquals(List.of("C", "B", "A"), grants("?first=1"));

    List<String> paged = new ArrayList<>();
    for (int first = 0; first < 6; first += 2) {
      paged.addAll(grants("?first=" + first + "&max=2"));
    }
    assertEquals(List.of("D", "C", "B", "A"), paged);
    assertEquals(List.of("B"), grants("?outcome=approved&max=1"), "paging after filtering");

    assertEquals(400, audit.get("?max=0").statusCode());
    assertEquals(400, audit.get("?max=1001").statusCode());
    assertEquals(400, audit.get("?first=-1").statusCode());
  }

  /**
   * Asks for a grant declaring a new agent instance named {@code grant}, in a later second than the
   * grant before it, so that creation times tell the grants apart.
   */
  private static OAuthResponse ask(String grant, DeviceFlowClient agent) {
    awaitNextSecond();
    String instance = UUID.randomUUID().toString();
    GRANTS.put(instance, grant);
    OAuthResponse authorization =
        agent.authorize(Map.of("scope", "openid", "agent_instance", instance));
    assertEquals(200, authorization.status(), authorization::toString);
    return authorization;
  }

  /** Waits for the clock's next second: records keep their creation time in whole seconds. */
  private static void awaitNextSecond() {
    long second = Instant.now().getEpochSecond();
    while (Instant.now().getEpochSecond() == second) {
      AuditApi.pause();
    }
  }

  /** Waits until grant {@code grant}'s record is as {@code settled} wants, and keeps it. */
  private static void awaitRecord(String grant, Predicate<JsonNode> settled) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      for (JsonNode record : admin.get(auditPath("?max=1000"))) {
        if (grant.equals(grantOf(record)) && settled.test(record)) {
          RECORDS.put(grant, record);
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Grant " + grant + " never settled");
      }
      AuditApi.pause();
    }
  }

  /** The grants a query answers, in its order; a record of no grant of this test shows as such. */
  private static List<String> grants(String query) {
    List<String> grants = new ArrayList<>();
    for (JsonNode record : admin.get(auditPath(query))) {
      String grant = grantOf(record);
      grants.add(grant != null ? grant : "unexpected " + record);
    }
    return grants;
  }

  private static String grantOf(JsonNode record) {
    return GRANTS.get(record.at("/device/claimed/agent_instance").asText());
  }

  private static Instant createdAt(String grant) {
    return Instant.parse(RECORDS.get(grant).path("created_at").asText());
  }

  private static String auditPath(String query) {
    return "/admin/realms/" + DemoRealm.NAME + "/leash/audit" + query;
  }

  /** The demo agent's client under another id: the realm's agent policy covers it too. */
  private static ObjectNode copyOfTheDemoAgent(ObjectNode realm) {
    for (JsonNode client : (ArrayNode) realm.path("clients")) {
      if (DemoRealm.AGENT_CLIENT_ID.equals(client.path("clientId").asText())) {
        ObjectNode copy = ((ObjectNode) client).deepCopy();
        copy.put("clientId", OTHER_AGENT);
        copy.put("name", "Query test's second agent");
        return copy;
      }
    }
    throw new IllegalStateException("no demo agent in the realm");
  }
}
