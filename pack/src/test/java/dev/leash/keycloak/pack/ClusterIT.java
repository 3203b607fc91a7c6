package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.ClientProfiles;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.DpopKey;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.KeycloakCluster;
import dev.leash.keycloak.testsupport.KeycloakClusterExtension;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Leash's guarantees on a two-node cluster: Keycloak in production mode on PostgreSQL, clustered
 * with embedded Infinispan and {@code jdbc-ping} discovery. Agents and approvers reach either node,
 * as a load balancer would send them. The demo realm is imported with 1 s polling, no per-agent
 * request limits and no step-up (tests switch on what they check). The last test crashes node A.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final String SCOPE_LIMIT = "leash-scope-limit";
  private static final String HARD_EXPIRY = "leash-hard-expiry";
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);
  private static final TestUser APPROVER = TestUser.withPassword("cl-approver", "approver-pass");

  /** Approves only the grant whose window the sweep must end, so their sessions are told apart. */
  private static final TestUser WINDOW_APPROVER = TestUser.withPassword("cl-window", "window-pass");

  @RegisterExtension static final KeycloakClusterExtension servers = new KeycloakClusterExtension();

  private static KeycloakCluster cluster;
  private static DemoRealm onA;
  private static DemoRealm onB;
  private static ClientProfiles profiles;

  /** The executors' settings as imported. */
  private static final Map<String, Map<String, Object>> IMPORTED = new LinkedHashMap<>();

  /** Executors whose settings the running test changed. */
  private static final Set<String> CHANGED = new HashSet<>();

  @BeforeAll
  static void importTheDemoRealm() {
    cluster = servers.cluster();
    onA =
        DemoRealm.importInto(
            cluster.nodeA(),
            json -> {
              RealmJson.forFocusedTests(json);
              RealmJson.addPasswordUser(json, APPROVER);
              RealmJson.addPasswordUser(json, WINDOW_APPROVER);
            });
    onB = onA.on(cluster.nodeB());
    profiles = new ClientProfiles(cluster.nodeA(), DemoRealm.NAME);
    for (String executor : List.of(SCOPE_LIMIT, HARD_EXPIRY)) {
      IMPORTED.put(executor, profiles.configuration(executor));
    }
  }

  @AfterEach
  void restoreTheImportedPolicies() {
    for (String executor : List.copyOf(CHANGED)) {
      policy(executor);
    }
  }

  @Test
  @Order(1)
  void approvedOnTheOtherNodeAndPolledOnBothTheCodeYieldsTokensOnce() {
    OAuthResponse authorization = onA.agent().authorize("openid");
    assertEquals(200, authorization.status(), authorization::toString);
    approveOn(cluster.nodeB(), authorization);

    List<OAuthResponse> answers = pollAlternately(authorization, onA.agent(), onB.agent());
    assertEquals(200, answers.get(answers.size() - 1).status(), answers::toString);
    assertEquals(1, answers.stream().filter(answer -> answer.status() == 200).count());
    for (DemoRealm node : List.of(onA, onB)) {
      OAuthResponse again = node.agent().poll(authorization.deviceCode());
      assertEquals("invalid_grant", again.error(), again::toString);
    }
  }

  /** Repeated: the race this once lost (a code revoked while its tokens were made) is rare. */
  @RepeatedTest(3)
  @Order(2)
  void twentyConcurrentPollsSplitAcrossTheNodesYieldTokensOnce() throws Exception {
    // 19 polls come too fast: the demo's abuse limit (10) would revoke the code first.
    policy(HARD_EXPIRY, "poll-abuse-limit", 50);
    OAuthResponse authorization = onA.agent().authorize("openid");
    approveOn(cluster.nodeB(), authorization);

    List<OAuthResponse> answers =
        concurrently(20, poll -> () -> node(poll).agent().poll(authorization.deviceCode()));
    assertEquals(
        1, answers.stream().filter(answer -> answer.status() == 200).count(), answers::toString);
    for (OAuthResponse answer : answers) {
      if (answer.status() != 200) {
        assertTrue(
            List.of("slow_down", "invalid_grant").contains(answer.error()), answer::toString);
      }
    }
  }

  @Test
  @Order(3)
  void thePendingCodeCapHoldsForRequestsSplitAcrossTheNodes() throws Exception {
    policy(SCOPE_LIMIT, "max-pending-codes", 3);
    long refusedBefore = refusalsCounted("slow_down");

    List<OAuthResponse> answers =
        concurrently(10, request -> () -> node(request).agent().authorize("openid"));
    assertEquals(
        3, answers.stream().filter(answer -> answer.status() == 200).count(), answers::toString);
    for (OAuthResponse answer : answers) {
      if (answer.status() != 200) {
        assertEquals(429, answer.status(), answer::toString);
        assertTrue(answer.errorDescription().contains("3 device codes waiting"), answer::toString);
      }
    }
    // Both nodes count their refusals on one audit tally, concurrently: none may be lost.
    awaitTrue(() -> refusalsCounted("slow_down") >= refusedBefore + 7, "7 more refusals counted");
    assertEquals(refusedBefore + 7, refusalsCounted("slow_down"));

    // A code used on node B frees its slot for a request on node A, and only that one.
    OAuthResponse issued =
        answers.stream().filter(answer -> answer.status() == 200).findFirst().orElseThrow();
    approveOn(cluster.nodeB(), issued);
    assertEquals(200, onB.agent().pollUntilSettled(issued, SETTLE_TIMEOUT).status());
    assertEquals(200, onA.agent().authorize("openid").status());
    assertEquals(429, onB.agent().authorize("openid").status());
  }

  @Test
  @Order(4)
  void theRequestLimitHoldsForRequestsSplitAcrossTheNodes() throws Exception {
    // One window for the whole test: a day, unless the requests happen to straddle midnight UTC.
    long window = Duration.ofDays(1).toSeconds();
    policy(SCOPE_LIMIT, "max-requests-per-window", 4, "request-window-seconds", window);
    long windowBefore = Instant.now().getEpochSecond() / window;

    List<OAuthResponse> answers =
        concurrently(10, request -> () -> node(request).agent().authorize("openid"));
    assumeTrue(windowBefore == Instant.now().getEpochSecond() / window, "a new window began");
    assertEquals(
        4, answers.stream().filter(answer -> answer.status() == 200).count(), answers::toString);
    for (OAuthResponse answer : answers) {
      if (answer.status() != 200) {
        assertEquals(429, answer.status(), answer::toString);
        assertTrue(
            answer.errorDescription().contains("Too many device requests"), answer::toString);
      }
    }
  }

  @Test
  @Order(5)
  void aCodeBoundToTheDevicesDpopKeyNeedsItOnTheOtherNodeToo() {
    DpopKey key = DpopKey.generate();
    OAuthResponse authorization = onA.agent().withDpop(key).authorize("openid");
    assertEquals(200, authorization.status(), authorization::toString);
    approveOn(cluster.nodeB(), authorization);

    OAuthResponse thief = onB.agent().withDpop(DpopKey.generate()).poll(authorization.deviceCode());
    assertEquals("invalid_grant", thief.error(), thief::toString);
    OAuthResponse noProof = onB.agent().poll(authorization.deviceCode());
    assertEquals("invalid_dpop_proof", noProof.error(), noProof::toString);

    OAuthResponse tokens =
        onB.agent().withDpop(key).pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    assertEquals("DPoP", tokens.field("token_type"));
    assertEquals(
        key.thumbprint(), Jwt.claims(tokens.accessToken()).path("cnf").path("jkt").asText());
  }

  @Test
  @Order(6)
  void theHardDeadlineHoldsOnBothNodes() throws Exception {
    policy(HARD_EXPIRY, "device-code-lifetime-cap", 15);
    OAuthResponse authorization = onA.agent().authorize("openid");
    Instant deadline = Instant.now().plusSeconds(15);
    approveOn(cluster.nodeB(), authorization);
    assertTrue(Instant.now().isBefore(deadline), "the approval came too late for this test");

    sleepUntil(deadline.plusSeconds(1));
    OAuthResponse onNodeB = onB.agent().poll(authorization.deviceCode());
    assertEquals("expired_token", onNodeB.error(), onNodeB::toString);
    Thread.sleep(1200); // the polling interval, so the next poll is not answered slow_down
    OAuthResponse onNodeA = onA.agent().poll(authorization.deviceCode());
    assertEquals("expired_token", onNodeA.error(), onNodeA::toString);
  }

  @Test
  @Order(7)
  void theApprovedWindowEndsTheAgentsSessionOnBothNodes() {
    policy(HARD_EXPIRY, "approval-window", 8, "refresh-tokens-allowed", true);
    OAuthResponse authorization = onA.agent().authorize("openid");
    approveOn(cluster.nodeB(), authorization, WINDOW_APPROVER);
    OAuthResponse tokens = onA.agent().pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    Instant windowEnd =
        Instant.ofEpochSecond(Jwt.claims(tokens.accessToken()).path("exp").asLong());
    OAuthResponse refreshed = onB.agent().refresh(tokens.refreshToken());
    assertEquals(200, refreshed.status(), refreshed::toString);
    for (KeycloakServer node : List.of(cluster.nodeA(), cluster.nodeB())) {
      assertEquals(1, agentSessionsOf(node, WINDOW_APPROVER), "before the window ends");
    }

    // One node's sweep (every second in tests) ends the client session for the whole cluster.
    sleepUntil(windowEnd);
    for (KeycloakServer node : List.of(cluster.nodeA(), cluster.nodeB())) {
      awaitTrue(
          () -> agentSessionsOf(node, WINDOW_APPROVER) == 0,
          "the window's end, seen by " + node.baseUri());
    }
  }

  @Test
  @Order(8)
  void auditRecordsFromBothNodesLandOnceEachAndTheChainVerifies() throws Exception {
    List<String> instances = new ArrayList<>();
    // A grant handled by node A alone, one by node B alone, and one that crosses between them.
    instances.add(completeGrant(onA, onA, onA));
    instances.add(completeGrant(onB, onB, onB));
    instances.add(completeGrant(onA, onB, onA));

    AdminClient adminA = cluster.nodeA().admin();
    AdminClient adminB = cluster.nodeB().admin();
    Map<String, JsonNode> records = new LinkedHashMap<>();
    for (String instance : instances) {
      for (AdminClient admin : List.of(adminA, adminB)) {
        List<JsonNode> found =
            awaitRecords(admin, instance, record -> record.path("tokens").size() > 0);
        assertEquals(1, found.size(), found::toString);
        assertEquals("approved", found.get(0).path("outcome").asText(), found::toString);
        assertEquals(1, found.get(0).path("tokens").size(), found::toString);
        records.put(instance, found.get(0));
      }
    }

    String realmId = adminB.get("/admin/realms/" + DemoRealm.NAME).path("id").asText();
    List<JsonNode> delivered = awaitDelivered(realmId, records.values());
    Set<String> versions = new HashSet<>();
    String previousHash = "0".repeat(64);
    for (int line = 0; line < delivered.size(); line++) {
      JsonNode entry = delivered.get(line);
      assertEquals(line + 1, entry.path("seq").asLong(), "every entry once, in order");
      assertEquals(previousHash, entry.path("prev_hash").asText(), entry::toString);
      previousHash = entry.path("hash").asText();
      JsonNode record = entry.path("record");
      assertTrue(
          versions.add(record.path("record_id").asText() + "/" + record.path("version")),
          entry::toString);
    }
    for (AdminClient admin : List.of(adminA, adminB)) {
      JsonNode verification = admin.get(auditPath("/verify"));
      assertTrue(verification.path("intact").asBoolean(), verification::toString);
      assertEquals(
          verification.path("last_seq").asLong(),
          verification.path("entries").asLong(),
          verification::toString);
    }
  }

  @Test
  @Order(9)
  void whenNodeACrashesMidFlowNodeBCompletesTheFlowsOrFailsClosed() throws Exception {
    policy(HARD_EXPIRY, "device-code-lifetime-cap", 20);
    OAuthResponse expiring =
        onA.agent()
            .authorize(Map.of("scope", "openid", "agent_instance", UUID.randomUUID().toString()));
    Instant deadline = Instant.now().plusSeconds(20);
    policy(HARD_EXPIRY);
    approveOn(cluster.nodeA(), expiring);
    assertTrue(Instant.now().isBefore(deadline), "the approval came too late for this test");
    String pendingInstance = UUID.randomUUID().toString();
    OAuthResponse pending =
        onA.agent().authorize(Map.of("scope", "openid", "agent_instance", pendingInstance));
    String approvedInstance = UUID.randomUUID().toString();
    OAuthResponse approved =
        onA.agent().authorize(Map.of("scope", "openid", "agent_instance", approvedInstance));
    approveOn(cluster.nodeA(), approved);

    cluster.crash(cluster.nodeA());

    approveOn(cluster.nodeB(), pending);
    for (OAuthResponse authorization : List.of(pending, approved)) {
      OAuthResponse tokens = onB.agent().pollUntilSettled(authorization, SETTLE_TIMEOUT);
      assertEquals(200, tokens.status(), tokens::toString);
      OAuthResponse again = onB.agent().poll(authorization.deviceCode());
      assertEquals("invalid_grant", again.error(), again::toString);
    }
    sleepUntil(deadline.plusSeconds(1));
    OAuthResponse late = onB.agent().poll(expiring.deviceCode());
    assertEquals("expired_token", late.error(), late::toString);

    AdminClient adminB = cluster.nodeB().admin();
    for (String instance : List.of(pendingInstance, approvedInstance)) {
      List<JsonNode> found =
          awaitRecords(adminB, instance, record -> record.path("tokens").size() > 0);
      assertEquals(1, found.size(), found::toString);
      assertEquals(1, found.get(0).path("tokens").size(), found::toString);
    }
    JsonNode verification = adminB.get(auditPath("/verify"));
    assertTrue(verification.path("intact").asBoolean(), verification::toString);
  }

  // --- helpers ---

  /** Node A for even {@code index}es, node B for odd ones. */
  private static DemoRealm node(int index) {
    return index % 2 == 0 ? onA : onB;
  }

  /**
   * Sets the executor's imported settings with {@code changes} (name, value, name, value...; none:
   * the imported settings), through node A as an admin would, and waits until node B applies them
   * too: node B learns of the change through a cluster-wide cache invalidation, not in the admin's
   * request.
   */
  private static void policy(String executor, Object... changes) {
    Map<String, Object> configuration = new LinkedHashMap<>(IMPORTED.get(executor));
    for (int i = 0; i < changes.length; i += 2) {
      configuration.put((String) changes[i], changes[i + 1]);
    }
    profiles.configure(executor, configuration);
    if (changes.length > 0) {
      CHANGED.add(executor);
    } else {
      CHANGED.remove(executor);
    }
    ClientProfiles onNodeB = new ClientProfiles(cluster.nodeB(), DemoRealm.NAME);
    JsonNode expected = Json.parse(Json.write(configuration));
    awaitTrue(
        () -> Json.parse(Json.write(onNodeB.configuration(executor))).equals(expected),
        "node B applies " + configuration);
  }

  /** A grant asked for on {@code asked}, approved on {@code approved}, polled on {@code polled}. */
  private static String completeGrant(DemoRealm asked, DemoRealm approved, DemoRealm polled) {
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        asked.agent().authorize(Map.of("scope", "openid", "agent_instance", instance));
    assertEquals(200, authorization.status(), authorization::toString);
    approveOn(approved == onA ? cluster.nodeA() : cluster.nodeB(), authorization);
    OAuthResponse tokens = polled.agent().pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    return instance;
  }

  /** Approves on {@code node}: the person opens the link the agent showed, reaching that node. */
  private static void approveOn(KeycloakServer node, OAuthResponse authorization) {
    approveOn(node, authorization, APPROVER);
  }

  private static void approveOn(KeycloakServer node, OAuthResponse authorization, TestUser person) {
    Page done =
        onA.approverAs(person)
            .approve(
                KeycloakCluster.sameLinkOn(node, authorization.verificationUriComplete()),
                authorization.userCode());
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
  }

  /**
   * Polls as a well-behaved agent does (the interval, 5 s more after each slow_down), each poll
   * through the next of {@code agents} in turn, until the answer is neither pending nor slow_down;
   * returns every answer.
   */
  private static List<OAuthResponse> pollAlternately(
      OAuthResponse authorization, DeviceFlowClient... agents) {
    List<OAuthResponse> answers = new ArrayList<>();
    Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
    long interval = authorization.interval();
    for (int poll = 0; ; poll++) {
      sleep(Duration.ofSeconds(interval));
      OAuthResponse answer = agents[poll % agents.length].poll(authorization.deviceCode());
      answers.add(answer);
      if ("slow_down".equals(answer.error())) {
        interval += 5;
      } else if (!"authorization_pending".equals(answer.error())
          || Instant.now().isAfter(deadline)) {
        return answers;
      }
    }
  }

  /** Runs {@code count} requests at once (request {@code i} made by {@code request.apply(i)}). */
  private static <T> List<T> concurrently(int count, IntFunction<Callable<T>> request)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Callable<T> call = request.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      start.countDown();
      List<T> answers = new ArrayList<>();
      for (Future<T> future : futures) {
        answers.add(future.get(2, TimeUnit.MINUTES));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The realm's records of the grant with {@code agent_instance} {@code instance}, once {@code
   * until} holds for one.
   */
  private static List<JsonNode> awaitRecords(
      AdminClient admin, String instance, Predicate<JsonNode> until) {
    List<JsonNode> found = new ArrayList<>();
    awaitTrue(
        () -> {
          found.clear();
          for (JsonNode record : admin.get(auditPath("?max=1000"))) {
            if (instance.equals(record.at("/device/claimed/agent_instance").asText())) {
              found.add(record);
            }
          }
          return found.stream().anyMatch(until);
        },
        "an audit record of agent instance " + instance);
    return found;
  }

  /**
   * The realm's entries in the audit file (both nodes' file sinks write to the same directory),
   * once it holds the current version of every one of {@code records}.
   */
  private static List<JsonNode> awaitDelivered(String realmId, Iterable<JsonNode> records) {
    Path file = Path.of(System.getProperty("leash.it.audit-dir"), DemoRealm.NAME + ".jsonl");
    List<JsonNode> entries = new ArrayList<>();
    awaitTrue(
        () -> {
          entries.clear();
          if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
              JsonNode entry = Json.parse(line);
              if (realmId.equals(entry.path("realm_id").asText())) {
                entries.add(entry);
              }
            }
          }
          for (JsonNode record : records) {
            if (entries.stream()
                .map(entry -> entry.path("record"))
                .noneMatch(
                    delivered ->
                        delivered.path("record_id").equals(record.path("record_id"))
                            && delivered.path("version").equals(record.path("version")))) {
              return false;
            }
          }
          return true;
        },
        "the audit file holds every record's current version");
    return entries;
  }

  /**
   * How many of the user's sessions hold a client session of the demo agent, as {@code node} sees
   * them.
   */
  private static int agentSessionsOf(KeycloakServer node, TestUser user) {
    AdminClient admin = node.admin();
    String users = "/admin/realms/" + DemoRealm.NAME + "/users";
    String userId =
        admin.get(users + "?exact=true&username=" + user.username()).path(0).path("id").asText();
    int count = 0;
    for (JsonNode session : admin.get(users + "/" + userId + "/sessions")) {
      if (session.path("clients").toString().contains(DemoRealm.AGENT_CLIENT_ID)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Refused device requests of the demo agent with {@code error}, as the audit tallies count them.
   */
  private static long refusalsCounted(String error) {
    long count = 0;
    for (JsonNode tally : cluster.nodeA().admin().get(auditPath("?outcome=refused&max=1000"))) {
      if (error.equals(tally.at("/refusal/error").asText())
          && DemoRealm.AGENT_CLIENT_ID.equals(tally.at("/agent/client_id").asText())) {
        count += tally.at("/refusal/count").asLong();
      }
    }
    return count;
  }

  private static String auditPath(String rest) {
    return "/admin/realms/" + DemoRealm.NAME + "/leash/audit" + rest;
  }

  /**
   * A condition the test waits for; checked twice a second, for at most {@link #SETTLE_TIMEOUT}.
   */
  private interface Condition {
    boolean holds() throws IOException;
  }

  private static void awaitTrue(Condition condition, String what) {
    Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
    try {
      while (!condition.holds()) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("Waited " + SETTLE_TIMEOUT + " in vain for " + what);
        }
        sleep(Duration.ofMillis(500));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void sleepUntil(Instant moment) {
    Duration left = Duration.between(Instant.now(), moment);
    if (!left.isNegative()) {
      sleep(left);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
