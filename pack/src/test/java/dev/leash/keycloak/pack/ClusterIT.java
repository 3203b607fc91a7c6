package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.ApprovalFlowEditor;
import dev.leash.keycloak.testsupport.Browser;
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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.function.Supplier;
import org.jboss.logging.Logger;
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
 * request limits and its step-up switched off (tests switch on what they check). Near the end node
 * A is crashed and restarted; the last test blocks the address of every browser (127.0.0.1) on the
 * device page for the rest of the user-code window.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final String SCOPE_LIMIT = "leash-scope-limit";
  private static final String HARD_EXPIRY = "leash-hard-expiry";
  private static final Logger LOG = Logger.getLogger("dev.leash.keycloak.it");
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Ended windows of gone sessions put ahead of a real one: two sweep runs' worth (500 each) and
   * one more, so the real one waits for a third run at least.
   */
  private static final int GONE_WINDOWS = 1001;

  /**
   * How long the sweep may take to work through them: locally about 2 s, but a run stops after 5 s,
   * and on a loaded machine a run may close far fewer than 500.
   */
  private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(3);

  /** The window-end sweep's name, as its failed runs are logged. */
  private static final String SWEEP_TASK = "leash-hard-expiry-window-end";

  /** Grants whose polls are in flight to node A when it is killed. */
  private static final int IN_FLIGHT_GRANTS = 6;

  private static final TestUser APPROVER = TestUser.withPassword("cl-approver", "approver-pass");

  /** Approves only the grant whose window the sweep must end, so their sessions are told apart. */
  private static final TestUser WINDOW_APPROVER = TestUser.withPassword("cl-window", "window-pass");

  /** Signs in with a password and a one-time code, for the test that switches step-up on. */
  private static TestUser stepUpApprover;

  /** The server's default window for wrong user codes on the device page. */
  private static final long USER_CODE_WINDOW_SECONDS = 300;

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
              RealmJson.attribute(json, "oauth2DevicePollingInterval", "1");
              RealmJson.withoutRequestLimits(json);
              RealmJson.withStepUpSwitchedOff(json);
              RealmJson.addPasswordUser(json, APPROVER);
              RealmJson.addPasswordUser(json, WINDOW_APPROVER);
              stepUpApprover =
                  RealmJson.addTotpUser(json, "cl-stepper", "stepper-pass", "KRSXG5CTMVRXEZLU");
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

  /**
   * One person's approval journey, its steps served by alternating nodes: the code entered on node
   * A, password and one-time code on node B, the approval and consent on node A again. The
   * authentication session (and the step-up it records) lives in Keycloak's distributed cache, so
   * each node carries on where the other stopped; the browser's cookies go to both.
   */
  @Test
  @Order(3)
  void theApprovalJourneyMayCrossBetweenTheNodesStepByStep() {
    stepUp(true);
    try {
      OAuthResponse authorization = onA.agent().authorize("openid");
      Browser browser = new Browser();
      Page page =
          browser.open(
              KeycloakCluster.sameLinkOn(cluster.nodeA(), authorization.verificationUriComplete()));
      if (page.asksForUserCode()) {
        page = page.enterUserCode(authorization.userCode());
      }
      assertServedBy(cluster.nodeA(), "#kc-form-login", page);

      page =
          page.form("#kc-form-login")
              .orElseThrow()
              .set("username", stepUpApprover.username())
              .set("password", stepUpApprover.password())
              .sentTo(cluster.nodeB())
              .submit();
      assertServedBy(cluster.nodeB(), "#kc-otp-login-form", page);
      page =
          page.form("#kc-otp-login-form")
              .orElseThrow()
              .set("otp", stepUpApprover.authenticator().nextCode())
              .sentTo(cluster.nodeB())
              .submit();
      assertServedBy(cluster.nodeB(), "#leash-approval-form", page);

      page =
          page.form("#leash-approval-form")
              .orElseThrow()
              .sentTo(cluster.nodeA())
              .submit("decision", "approve");
      assertServedBy(cluster.nodeA(), "[name=accept]", page);
      page = page.form("[name=accept]").orElseThrow().sentTo(cluster.nodeA()).submit("accept");
      assertTrue(page.text().contains("Device Login Successful"), page::toString);

      List<OAuthResponse> answers = pollAlternately(authorization, onB.agent(), onA.agent());
      OAuthResponse tokens = answers.get(answers.size() - 1);
      assertEquals(200, tokens.status(), answers::toString);
      assertEquals(1, answers.stream().filter(answer -> answer.status() == 200).count());
      // The one-time code was entered on node B; node A's approval counted it.
      assertEquals("2", Jwt.claims(tokens.accessToken()).path("acr").asText(), tokens::toString);
    } finally {
      stepUp(false);
    }
  }

  @Test
  @Order(4)
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
        assertTrue(
            answer.errorDescription().contains("waiting for approval as it may (3)"),
            answer::toString);
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
  @Order(5)
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
  @Order(6)
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

  /**
   * Behind a load balancer that keeps the {@code Host} header, both nodes take the server's URL
   * (here node A's) as their own: one issuer, one token endpoint that DPoP proofs name. A proof
   * node A accepted is then refused by node B as a replay (Keycloak keeps the proof's {@code jti}
   * and {@code htu} in the cluster-wide single-use store), another key is refused by Leash's
   * binding on node B, and the device's key gets its DPoP-bound token there, under node A's issuer.
   */
  @Test
  @Order(7)
  void aDpopProofUsedOnOneNodeIsRefusedWhenReplayedOnTheOther() throws Exception {
    DpopKey key = DpopKey.generate();
    DeviceFlowClient device = onA.agent().withDpop(key);
    OAuthResponse authorization = device.authorize("openid");
    assertEquals(200, authorization.status(), authorization::toString);
    Map<String, String> poll =
        Map.of(
            "grant_type",
            DeviceFlowClient.DEVICE_CODE_GRANT,
            "device_code",
            authorization.deviceCode());
    Map<String, String> proof = Map.of("DPoP", key.proof("POST", device.endpoint("token")));

    OAuthResponse first = onA.agent().send("token", poll, proof);
    assertEquals("authorization_pending", first.error(), first::toString);
    OAuthResponse replayed = onA.agent().forwardedTo(cluster.nodeB()).send("token", poll, proof);
    // Keycloak's own check, with invalid_request rather than RFC 9449's invalid_dpop_proof.
    assertEquals("invalid_request", replayed.error(), replayed::toString);
    assertEquals(
        "DPoP proof has already been used", replayed.errorDescription(), replayed::toString);

    OAuthResponse thief =
        onA.agent()
            .withDpop(DpopKey.generate())
            .forwardedTo(cluster.nodeB())
            .poll(authorization.deviceCode());
    assertEquals("invalid_grant", thief.error(), thief::toString);

    // Keycloak takes the tokens' issuer from the approval's request, so the person approves
    // through the same URL as well (the test browser cannot set Host, so on node A itself).
    approveOn(cluster.nodeA(), authorization);
    OAuthResponse tokens =
        device.forwardedTo(cluster.nodeB()).pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    assertEquals("DPoP", tokens.field("token_type"));
    JsonNode claims = Jwt.claims(tokens.accessToken());
    assertEquals(key.thumbprint(), claims.path("cnf").path("jkt").asText());
    assertEquals(cluster.nodeA().realmUri(DemoRealm.NAME).toString(), claims.path("iss").asText());
  }

  @Test
  @Order(8)
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
  @Order(9)
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

    // Ahead of it in the sweep's queue: more ended windows than one run closes, of sessions that
    // are gone. Earlier builds scanned every session of the agent instead.
    Map<KeycloakServer, Long> logsBefore = logSizes();
    insertGoneWindows(GONE_WINDOWS, windowEnd.minusSeconds(3600));

    // One node's sweep (every second in tests) ends the client session for the whole cluster.
    sleepUntil(windowEnd);
    Supplier<String> sweepRuns = () -> sweepRunsSince(logsBefore, windowEnd);
    for (KeycloakServer node : List.of(cluster.nodeA(), cluster.nodeB())) {
      awaitTrue(
          () -> agentSessionsOf(node, WINDOW_APPROVER) == 0,
          "the window's end, seen by " + node.baseUri(),
          SWEEP_TIMEOUT,
          sweepRuns);
    }
    awaitTrue(
        () -> windowsDueBy(windowEnd) == 0,
        "the sweep to close every ended window",
        SWEEP_TIMEOUT,
        sweepRuns);
    // Earlier builds gave a run the sweep's interval (1 s here) as its transaction time: a slower
    // batch was rolled back by the transaction reaper, and on a loaded machine on every run.
    for (Map.Entry<KeycloakServer, Long> node : logsBefore.entrySet()) {
      String log = logSince(node.getKey(), node.getValue());
      assertTrue(
          log.lines().noneMatch(line -> line.contains("Leash task " + SWEEP_TASK + " failed")),
          () ->
              "a sweep run failed on " + node.getKey().baseUri() + ", see " + node.getKey().log());
    }
  }

  /**
   * Why a wait for the sweep timed out, on one line, as failure summaries show only the first: how
   * many windows are still due; per node, since {@code logsBefore}, the sweep's runs, failed runs
   * and transaction timeouts, the user sessions it ended the agent in and its last line, then the
   * approver's sessions as that node lists them; the window's end and the time now.
   */
  private static String sweepRunsSince(Map<KeycloakServer, Long> logsBefore, Instant windowEnd) {
    StringBuilder found = new StringBuilder("; windows still due: ");
    try {
      found.append(windowsDueBy(windowEnd));
    } catch (IOException e) {
      found.append("unknown (").append(e).append(')');
    }
    for (Map.Entry<KeycloakServer, Long> node : logsBefore.entrySet()) {
      List<String> lines =
          logSince(node.getKey(), node.getValue())
              .lines()
              .filter(
                  line ->
                      line.contains("WindowEndSweeper")
                          || line.contains(SWEEP_TASK)
                          || line.contains("ARJUNA"))
              .toList();
      found
          .append("; on ")
          .append(node.getKey().baseUri())
          .append(": runs ")
          .append(lines.stream().filter(line -> line.contains("due windows in")).count())
          .append(", failed ")
          .append(lines.stream().filter(line -> line.contains(SWEEP_TASK + " failed")).count())
          .append(", transaction timeouts ")
          .append(lines.stream().filter(line -> line.contains("ARJUNA012117")).count())
          .append(", ended in user sessions ")
          .append(
              lines.stream()
                  .filter(line -> line.contains("ending its client session in user session "))
                  .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                  .toList())
          .append(", last: ")
          .append(lines.isEmpty() ? "none" : lines.get(lines.size() - 1))
          .append(", the approver's sessions there: ")
          .append(sessionsOf(node.getKey(), WINDOW_APPROVER));
    }
    return found
        .append("; window end ")
        .append(windowEnd)
        .append(", now ")
        .append(Instant.now())
        .toString();
  }

  /** {@code user}'s sessions as {@code node}'s admin API lists them. */
  private static JsonNode userSessions(KeycloakServer node, TestUser user) {
    AdminClient admin = node.admin();
    String users = "/admin/realms/" + DemoRealm.NAME + "/users";
    String userId =
        admin.get(users + "?exact=true&username=" + user.username()).path(0).path("id").asText();
    return admin.get(users + "/" + userId + "/sessions");
  }

  /** {@code user}'s sessions as {@code node} lists them: id, start, last access, clients. */
  private static List<String> sessionsOf(KeycloakServer node, TestUser user) {
    List<String> sessions = new ArrayList<>();
    for (JsonNode session : userSessions(node, user)) {
      sessions.add(
          session.path("id").asText()
              + " started "
              + Instant.ofEpochMilli(session.path("start").asLong())
              + ", last access "
              + Instant.ofEpochMilli(session.path("lastAccess").asLong())
              + ", clients "
              + session.path("clients"));
    }
    return sessions;
  }

  /** Each node's log size now, to read what it logs from here on. */
  private static Map<KeycloakServer, Long> logSizes() {
    Map<KeycloakServer, Long> sizes = new LinkedHashMap<>();
    for (KeycloakServer node : List.of(cluster.nodeA(), cluster.nodeB())) {
      try {
        sizes.put(node, Files.size(node.log()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sizes;
  }

  private static String logSince(KeycloakServer node, long offset) {
    try {
      byte[] bytes = Files.readAllBytes(node.log());
      return new String(bytes, (int) offset, bytes.length - (int) offset, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rows of the sweep's table for {@code count} sessions that no longer exist, ended at {@code
   * end}.
   */
  private static void insertGoneWindows(int count, Instant end) {
    String realmId =
        cluster.nodeA().admin().get("/admin/realms/" + DemoRealm.NAME).path("id").asText();
    String clientId =
        cluster
            .nodeA()
            .admin()
            .get(
                "/admin/realms/"
                    + DemoRealm.NAME
                    + "/clients?clientId="
                    + DemoRealm.AGENT_CLIENT_ID)
            .path(0)
            .path("id")
            .asText();
    try (Connection db = servers.database().connect();
        PreparedStatement insert =
            db.prepareStatement(
                "INSERT INTO LEASH_WINDOW_END (ID, REALM_ID, USER_SESSION_ID, CLIENT_ID, WINDOW_END)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      for (int row = 0; row < count; row++) {
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, realmId);
        insert.setString(3, UUID.randomUUID().toString());
        insert.setString(4, clientId);
        insert.setLong(5, end.getEpochSecond());
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int windowsDueBy(Instant moment) throws IOException {
    try (Connection db = servers.database().connect();
        PreparedStatement count =
            db.prepareStatement("SELECT COUNT(*) FROM LEASH_WINDOW_END WHERE WINDOW_END <= ?")) {
      count.setLong(1, moment.getEpochSecond());
      try (ResultSet result = count.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    } catch (SQLException e) {
      throw new IOException(e);
    }
  }

  @Test
  @Order(10)
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
  @Order(11)
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
    // Approved grants whose first polls are in flight to node A when it dies.
    Map<String, OAuthResponse> inFlight = new LinkedHashMap<>();
    for (int grant = 0; grant < IN_FLIGHT_GRANTS; grant++) {
      String instance = UUID.randomUUID().toString();
      OAuthResponse authorization =
          onA.agent().authorize(Map.of("scope", "openid", "agent_instance", instance));
      approveOn(cluster.nodeB(), authorization);
      inFlight.put(instance, authorization);
    }

    List<OAuthResponse> answersOfNodeA = crashNodeAWhilePolling(List.copyOf(inFlight.values()));

    approveOn(cluster.nodeB(), pending);
    for (OAuthResponse authorization : List.of(pending, approved)) {
      OAuthResponse tokens = onB.agent().pollUntilSettled(authorization, SETTLE_TIMEOUT);
      assertEquals(200, tokens.status(), tokens::toString);
      OAuthResponse again = onB.agent().poll(authorization.deviceCode());
      assertEquals("invalid_grant", again.error(), again::toString);
    }
    // Each in-flight grant pays out at most once: on node A before it died, or on node B after.
    Map<String, Boolean> paidOut = new LinkedHashMap<>();
    List<String> outcomes = new ArrayList<>();
    int grant = 0;
    for (Map.Entry<String, OAuthResponse> entry : inFlight.entrySet()) {
      OAuthResponse onNodeA = answersOfNodeA.get(grant++);
      OAuthResponse onNodeB = onB.agent().pollUntilSettled(entry.getValue(), SETTLE_TIMEOUT);
      String answers = "node A: " + onNodeA + ", node B: " + onNodeB;
      outcomes.add(
          (onNodeA == null ? "cut" : onNodeA.status() == 200 ? "200" : onNodeA.error())
              + " on A, "
              + (onNodeB.status() == 200 ? "200" : onNodeB.errorDescription())
              + " on B");
      if (onNodeA != null && onNodeA.status() == 200) {
        assertEquals("invalid_grant", onNodeB.error(), answers);
      } else {
        assertTrue(onNodeB.status() == 200 || "invalid_grant".equals(onNodeB.error()), answers);
      }
      paidOut.put(
          entry.getKey(), onNodeB.status() == 200 || (onNodeA != null && onNodeA.status() == 200));
    }
    LOG.info(
        "[leash-it] polls cut by the crash: "
            + answersOfNodeA.stream().filter(answer -> answer == null).count()
            + " of "
            + IN_FLIGHT_GRANTS
            + "; grants paid out: "
            + paidOut.values().stream().filter(paid -> paid).count()
            + "; "
            + outcomes);
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
    int recordedButLost = 0;
    for (Map.Entry<String, Boolean> entry : paidOut.entrySet()) {
      if (entry.getValue()) {
        List<JsonNode> found =
            awaitRecords(adminB, entry.getKey(), record -> record.path("tokens").size() > 0);
        assertEquals(1, found.size(), found::toString);
        assertEquals(1, found.get(0).path("tokens").size(), found::toString);
      } else {
        // A poll the crash cut off may have made tokens the agent never saw: one at most.
        List<JsonNode> found = awaitRecords(adminB, entry.getKey(), record -> true);
        int tokens = found.stream().mapToInt(record -> record.path("tokens").size()).sum();
        assertTrue(tokens <= 1, found::toString);
        recordedButLost += tokens;
      }
    }
    LOG.info("[leash-it] grants whose tokens were made but lost with node A: " + recordedButLost);
    JsonNode verification = adminB.get(auditPath("/verify"));
    assertTrue(verification.path("intact").asBoolean(), verification::toString);
  }

  /**
   * Node A comes back on the same database: it rejoins the cluster and serves device flows,
   * including grants that node B asked for and approved while node A was down; the audit chain
   * verifies on both nodes.
   */
  @Test
  @Order(12)
  void nodeARejoinsAndCarriesOnWithWhatNodeBDidMeanwhile() throws Exception {
    String waitingInstance = UUID.randomUUID().toString();
    OAuthResponse waiting =
        onB.agent().authorize(Map.of("scope", "openid", "agent_instance", waitingInstance));
    assertEquals(200, waiting.status(), waiting::toString);
    String approvedInstance = UUID.randomUUID().toString();
    OAuthResponse approved =
        onB.agent().authorize(Map.of("scope", "openid", "agent_instance", approvedInstance));
    approveOn(cluster.nodeB(), approved);

    cluster.restart(cluster.nodeA());

    approveOn(cluster.nodeA(), waiting);
    for (OAuthResponse authorization : List.of(waiting, approved)) {
      OAuthResponse tokens = onA.agent().pollUntilSettled(authorization, SETTLE_TIMEOUT);
      assertEquals(200, tokens.status(), tokens::toString);
      OAuthResponse again = onB.agent().poll(authorization.deviceCode());
      assertEquals("invalid_grant", again.error(), again::toString);
    }
    String freshInstance = completeGrant(onA, onA, onB);

    for (KeycloakServer node : List.of(cluster.nodeA(), cluster.nodeB())) {
      AdminClient admin = node.admin();
      for (String instance : List.of(waitingInstance, approvedInstance, freshInstance)) {
        List<JsonNode> found =
            awaitRecords(admin, instance, record -> record.path("tokens").size() > 0);
        assertEquals(1, found.size(), found::toString);
        assertEquals(1, found.get(0).path("tokens").size(), found::toString);
      }
      JsonNode verification = admin.get(auditPath("/verify"));
      assertTrue(verification.path("intact").asBoolean(), verification::toString);
      assertEquals(
          verification.path("last_seq").asLong(),
          verification.path("entries").asLong(),
          verification::toString);
    }
  }

  /**
   * Wrong user codes from one browser (Leash's device-page cookie goes to both nodes) and one
   * address, entered on alternating nodes, meet the limits of one node: the 6th from the browser
   * and the 11th from the address get the 429 page, and so does a right code afterwards, on either
   * node. Last, because it blocks 127.0.0.1, every browser's address here, until the window ends.
   */
  @Test
  @Order(13)
  void wrongUserCodesSplitAcrossTheNodesMeetTheLimitsOfOneNode() {
    long windowBefore = Instant.now().getEpochSecond() / USER_CODE_WINDOW_SECONDS;
    Browser browser = new Browser();
    int browserRefused = firstRefusal(1, () -> browser);
    int addressRefused = firstRefusal(browserRefused, Browser::new);
    OAuthResponse authorization = onA.agent().authorize("openid");
    List<Page> rightCode = new ArrayList<>();
    for (KeycloakServer node : List.of(cluster.nodeA(), cluster.nodeB())) {
      rightCode.add(
          new Browser()
              .open(KeycloakCluster.sameLinkOn(node, authorization.verificationUriComplete())));
    }
    assumeTrue(
        windowBefore == Instant.now().getEpochSecond() / USER_CODE_WINDOW_SECONDS,
        "a new user-code window began");

    assertEquals(6, browserRefused, "5 wrong codes per browser are allowed, the next is refused");
    assertEquals(11, addressRefused, "10 wrong codes per address are allowed, the next is refused");
    for (Page page : rightCode) {
      assertEquals(429, page.status(), page::toString);
    }
    OAuthResponse stillPending = onB.agent().poll(authorization.deviceCode());
    assertEquals("authorization_pending", stillPending.error(), stillPending::toString);
  }

  // --- helpers ---

  /**
   * Polls each of {@code grants} once on node A, all at once, and kills node A as soon as the first
   * answer is back, while the others are still being served; the answers in the order of {@code
   * grants}, {@code null} for a poll the crash cut off.
   */
  private static List<OAuthResponse> crashNodeAWhilePolling(List<OAuthResponse> grants)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(grants.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      CountDownLatch firstAnswer = new CountDownLatch(1);
      List<Future<OAuthResponse>> polls = new ArrayList<>();
      for (OAuthResponse grant : grants) {
        polls.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return onA.agent().poll(grant.deviceCode());
                  } catch (UncheckedIOException cutOff) {
                    return null;
                  } finally {
                    firstAnswer.countDown();
                  }
                }));
      }
      start.countDown();
      assertTrue(firstAnswer.await(2, TimeUnit.MINUTES), "no poll was answered");
      cluster.crash(cluster.nodeA());
      List<OAuthResponse> answers = new ArrayList<>();
      for (Future<OAuthResponse> poll : polls) {
        answers.add(poll.get(2, TimeUnit.MINUTES));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Enters wrong codes on the device page from attempt {@code from} on, attempt {@code i} on {@link
   * #node(int)}, each in the browser {@code browsers} gives, up to the 30th attempt; the number of
   * the first attempt answered with the 429 page.
   */
  private static int firstRefusal(int from, Supplier<Browser> browsers) {
    for (int attempt = from; attempt <= 30; attempt++) {
      KeycloakServer node = attempt % 2 == 0 ? cluster.nodeA() : cluster.nodeB();
      Page page =
          browsers
              .get()
              .open(
                  node.realmUri(DemoRealm.NAME) + "/device?user_code=BCDF-" + wrongSuffix(attempt));
      if (page.status() == 429) {
        assertTrue(page.text().contains("Too many wrong codes"), page::toString);
        return attempt;
      }
    }
    return 0;
  }

  /** Four letters from Keycloak's user-code alphabet, different for each attempt. */
  private static String wrongSuffix(int attempt) {
    String alphabet = "BCDFGHJKLMNPQRSTVWXZ";
    return "" + alphabet.charAt(attempt % 20) + alphabet.charAt((attempt / 20) % 20) + "ZZ";
  }

  /**
   * Switches the demo approval flow's step-up (one-time code and {@code leash-step-up}) on or off
   * through node A, and waits until node B applies it: node B learns of the change through a
   * cluster-wide cache invalidation.
   */
  private static void stepUp(boolean on) {
    String step = on ? "REQUIRED" : "DISABLED";
    String subflow = on ? "CONDITIONAL" : "DISABLED";
    ApprovalFlowEditor flow = new ApprovalFlowEditor(cluster.nodeA(), DemoRealm.NAME);
    flow.require(ApprovalFlowEditor.STEP_UP, step);
    flow.require(ApprovalFlowEditor.ONE_TIME_CODE_SUBFLOW, subflow);
    ApprovalFlowEditor onB = new ApprovalFlowEditor(cluster.nodeB(), DemoRealm.NAME);
    awaitTrue(
        () ->
            step.equals(onB.requirement(ApprovalFlowEditor.STEP_UP))
                && subflow.equals(onB.requirement(ApprovalFlowEditor.ONE_TIME_CODE_SUBFLOW)),
        "node B switches step-up " + (on ? "on" : "off"));
  }

  /** {@code page} shows {@code element} and came from {@code node}. */
  private static void assertServedBy(KeycloakServer node, String element, Page page) {
    assertTrue(page.has(element), () -> "no " + element + " on\n" + page);
    assertEquals(node.baseUri().getPort(), page.uri().getPort(), page::toString);
  }

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
    int count = 0;
    for (JsonNode session : userSessions(node, user)) {
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

  /** A condition the test waits for; checked twice a second. */
  private interface Condition {
    boolean holds() throws IOException;
  }

  /** Waits for {@code condition} for at most {@link #SETTLE_TIMEOUT}. */
  private static void awaitTrue(Condition condition, String what) {
    awaitTrue(condition, what, SETTLE_TIMEOUT, () -> "");
  }

  /**
   * Like {@link #awaitTrue(Condition, String)}, for at most {@code timeout}; a timeout's message
   * ends with {@code details}.
   */
  private static void awaitTrue(
      Condition condition, String what, Duration timeout, Supplier<String> details) {
    Instant deadline = Instant.now().plus(timeout);
    try {
      while (!condition.holds()) {
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("Waited " + timeout + " in vain for " + what + details.get());
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
