package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.ClientProfiles;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceApprover;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Http;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code leash-audit} on a real server, as the demo realm enables it: one approval record per grant
 * with what Leash and Keycloak decided, read back through the admin API, and a hash chain that
 * verifies. Step-up is out of this realm's flow, so approvals carry no second factor here.
 */
@LeashKeycloakTest
class AuditTrailIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final TestUser APPROVER = TestUser.withPassword("au-approver", "approver-pass");
  private static final String USER_AGENT = "audit-bot/2.1 (leash-it)";

  /** As long as Keycloak lets a client id be: its record key must still fit its column. */
  private static final String LONG_AGENT = "long-agent-" + "x".repeat(255 - "long-agent-".length());

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
            RealmJson.addAgentLikeTheDemoAgent(json, LONG_AGENT);
          });

  private static AdminClient admin;

  @BeforeAll
  static void connect(KeycloakServer server) {
    admin = server.admin();
  }

  @Test
  void aFullApprovalMakesOneCompleteRecord() {
    DeviceFlowClient agent = demo.realm().agent();
    String instance = UUID.randomUUID().toString();
    Map<String, String> request = new LinkedHashMap<>();
    request.put("scope", "openid profile");
    request.put("agent_name", "<b>audit-bot</b>");
    request.put("agent_instance", instance);
    request.put("purpose", "nightly \u202e report");
    request.put("command", "report --since=yesterday");
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    OAuthResponse authorization =
        agent.send("auth/device", request, Map.of("User-Agent", USER_AGENT));
    assertEquals(200, authorization.status(), authorization::toString);

    demo.realm().approverAs(APPROVER).approve(authorization);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    Instant after = Instant.now();
    JsonNode claims = Jwt.claims(tokens.accessToken());

    List<JsonNode> records = recordsWhere("device/claimed/agent_instance", instance);
    assertEquals(1, records.size(), records::toString);
    JsonNode record = records.get(0);
    // Every record (docs/audit-format.md).
    assertEquals("leash.approval-record/1", record.path("schema").asText());
    assertTrue(
        text(record, "record_id").matches("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"),
        record::toString);
    assertEquals(3, record.path("version").asInt(), "asked, approved, tokens issued: " + record);
    assertEquals("device_grant", record.path("kind").asText());
    assertEquals(DemoRealm.NAME, text(record, "realm"));
    assertEquals("approved", text(record, "outcome"));
    assertEquals("demo-agent", text(record, "agent/client_id"));
    assertEquals("Demo agent", text(record, "agent/name"));
    Instant createdAt = time(record, "created_at", before, after);
    Instant updatedAt = time(record, "updated_at", createdAt, after);

    // A device grant: the request, the device, the decision, the tokens.
    assertEquals(claims.path("agent").path("approval_id").asText(), text(record, "approval_id"));
    Instant requestedAt = time(record, "requested/at", before, after);
    assertEquals(List.of("openid", "profile"), strings(record.at("/requested/scopes")));
    time(
        record,
        "requested/expires_at",
        before.plusSeconds(authorization.expiresIn()),
        after.plusSeconds(authorization.expiresIn()));
    assertEquals(
        Set.of("ip", "user_agent", "binding"), names(record.at("/device/verified")), "no DPoP");
    assertEquals("127.0.0.1", text(record, "device/verified/ip"));
    assertEquals(USER_AGENT, text(record, "device/verified/user_agent"));
    assertEquals("ip", text(record, "device/verified/binding"));
    assertEquals(
        Set.of("agent_name", "agent_instance", "purpose", "command"),
        names(record.at("/device/claimed")));
    assertEquals("<b>audit-bot</b>", text(record, "device/claimed/agent_name"));
    assertEquals(
        "nightly \uFFFD report",
        text(record, "device/claimed/purpose"),
        "a bidirectional override is neutralised");
    assertEquals("report --since=yesterday", text(record, "device/claimed/command"));
    assertEquals(
        Set.of("result", "at", "approver", "ip"),
        names(record.at("/decision")),
        "no step-up, justification, second approver or denial reason in this flow: " + record);
    assertEquals("approved", text(record, "decision/result"));
    Instant decidedAt = time(record, "decision/at", requestedAt, after);
    assertEquals(APPROVER.username(), text(record, "decision/approver/username"));
    assertEquals(claims.path("sub").asText(), text(record, "decision/approver/id"));
    assertEquals("127.0.0.1", text(record, "decision/ip"));

    assertEquals(1, record.at("/tokens").size(), record::toString);
    JsonNode token = record.at("/tokens/0");
    assertEquals(claims.path("jti").asText(), token.path("jti").asText());
    Instant issuedAt = time(token, "issued_at", decidedAt, updatedAt);
    assertEquals(claims.path("iat").asLong(), issuedAt.getEpochSecond());
    assertEquals(
        claims.path("exp").asLong(),
        Instant.parse(token.path("expires_at").asText()).getEpochSecond());
    assertEquals(claims.path("scope").asText(), token.path("scope").asText());
    assertEquals(tokens.field("scope"), token.path("scope").asText());
    assertEquals(Set.of("openid", "profile"), Set.of(token.path("scope").asText().split(" ")));
    assertEquals(claims.path("acr").asText(), token.path("acr").asText());
    assertEquals(claims.path("sub").asText(), token.path("subject").asText());
    assertTrue(token.path("refresh_token").isBoolean(), token::toString);
    assertFalse(token.path("refresh_token").asBoolean(), "the demo policy allows none");
    assertFalse(record.has("ended_at"), "an approved grant has not ended");
    assertFalse(record.has("approver_refusals"), record::toString);
  }

  @Test
  void anAgentWithA255CharacterClientIdCompletesItsGrantWithItsRecord() {
    DeviceFlowClient agent = demo.realm().agent(LONG_AGENT);
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        agent.authorize(Map.of("scope", "openid", "agent_instance", instance));
    assertEquals(200, authorization.status(), authorization::toString);

    demo.realm().approverAs(APPROVER).approve(authorization);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);

    JsonNode record =
        awaitRecord(
            "device/claimed/agent_instance", instance, found -> found.at("/tokens").size() == 1);
    assertEquals(LONG_AGENT, text(record, "agent/client_id"), record::toString);
    assertEquals("approved", text(record, "outcome"), record::toString);
    assertEquals(APPROVER.username(), text(record, "decision/approver/username"));
    assertEquals(
        Jwt.claims(tokens.accessToken()).path("jti").asText(), record.at("/tokens/0/jti").asText());
  }

  @Test
  void aDenialIsRecordedWithWhoDenied() {
    DeviceFlowClient agent = demo.realm().agent();
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        agent.authorize(Map.of("scope", "openid", "agent_instance", instance));
    demo.realm().approverAs(APPROVER).deny(authorization);
    assertEquals("access_denied", agent.pollUntilSettled(authorization, SETTLE_TIMEOUT).error());

    JsonNode record = recordsWhere("device/claimed/agent_instance", instance).get(0);
    assertEquals("denied", text(record, "outcome"));
    assertEquals("denied", text(record, "decision/result"));
    assertEquals("leash_denied_by_approver", text(record, "decision/reason"));
    assertEquals(APPROVER.username(), text(record, "decision/approver/username"));
    assertEquals(1, record.at("/rejected_polls/access_denied/count").asInt(), record::toString);
  }

  @Test
  void pollsFromAnotherDeviceAreCountedOnTheRecord() throws Exception {
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", instance));
    DeviceFlowClient thief = demo.realm().agent().from(InetAddress.getByName("127.0.0.2"));
    for (int poll = 0; poll < 3; poll++) {
      assertEquals("invalid_grant", thief.poll(authorization.deviceCode()).error());
    }

    JsonNode record = recordsWhere("device/claimed/agent_instance", instance).get(0);
    JsonNode mismatches = record.at("/rejected_polls/leash_binding_mismatch");
    assertEquals(3, mismatches.path("count").asInt(), record::toString);
    assertEquals("pending", text(record, "outcome"));
  }

  @Test
  void aRefusedScopeIsTalliedPerAgentAndError() {
    String instance = UUID.randomUUID().toString();
    for (int request = 0; request < 2; request++) {
      OAuthResponse refused =
          demo.realm()
              .agent()
              .authorize(Map.of("scope", "openid phone", "agent_instance", instance));
      assertEquals("invalid_scope", refused.error(), refused::toString);
    }

    List<JsonNode> tallies = recordsWhere("refusal/error", "invalid_scope");
    assertEquals(1, tallies.size(), tallies::toString);
    JsonNode tally = tallies.get(0);
    assertEquals("refused_device_requests", text(tally, "kind"));
    assertEquals("refused", text(tally, "outcome"));
    assertEquals("demo-agent", text(tally, "agent/client_id"));
    assertTrue(tally.at("/refusal/count").asInt() >= 2, tally::toString);
    assertTrue(text(tally, "refusal/description").contains("phone"), tally::toString);
    // The executors before leash-scope-limit had let the request through; it still is no grant.
    assertEquals(List.of(), recordsWhere("device/claimed/agent_instance", instance));
  }

  @Test
  void theChainVerifies() {
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", instance));
    demo.realm().approverAs(APPROVER).approve(authorization);
    assertEquals(
        200, demo.realm().agent().pollUntilSettled(authorization, SETTLE_TIMEOUT).status());
    JsonNode record =
        awaitRecord(
            "device/claimed/agent_instance", instance, found -> found.path("tokens").size() == 1);

    // Sealed entries are what sinks receive: the file's line of this version proves it sealed.
    long seq = awaitSealedEntry(text(record, "record_id"), record.path("version").asInt());
    JsonNode verification = admin.get(auditPath("/verify"));
    assertTrue(verification.path("intact").asBoolean(), verification::toString);
    assertTrue(verification.path("last_seq").asLong() >= seq, verification::toString);
    assertEquals(
        verification.path("last_seq").asLong(),
        verification.path("entries").asLong(),
        verification::toString);
  }

  @Test
  void theAuditApiIsForAdminsWhoMayViewEvents(KeycloakServer server) {
    HttpClient http = Http.client();
    String token =
        Json.parse(
                Http.send(
                        http,
                        HttpRequest.newBuilder(
                                server
                                    .realmUri(DemoRealm.NAME)
                                    .resolve(
                                        "/realms/"
                                            + DemoRealm.NAME
                                            + "/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(
                                HttpRequest.BodyPublishers.ofString(
                                    Http.form(
                                        Map.of(
                                            "grant_type",
                                            "password",
                                            "client_id",
                                            "admin-cli",
                                            "username",
                                            APPROVER.username(),
                                            "password",
                                            APPROVER.password()))))
                            .build())
                    .body())
            .path("access_token")
            .asText();
    HttpResponse<String> answer =
        Http.send(
            http,
            HttpRequest.newBuilder(server.baseUri().resolve(auditPath("")))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
    assertEquals(403, answer.statusCode(), answer::body);
  }

  @Test
  void someoneWhoMayNotApproveIsCountedAndTheGrantStaysPending() {
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", instance));

    Page refused = demo.realm().approverAs(demo.realm().bob()).approve(authorization);
    assertEquals(403, refused.status(), refused::toString);

    JsonNode record = recordsWhere("device/claimed/agent_instance", instance).get(0);
    JsonNode tally = record.at("/approver_refusals/leash_approver_not_allowed");
    assertEquals(1, tally.path("count").asInt(), record::toString);
    assertEquals("bob", tally.at("/last_user/username").asText());
    assertEquals("pending", text(record, "outcome"));
  }

  @Test
  void aDenialOnKeycloaksConsentScreenIsRecorded() {
    DeviceFlowClient agent = demo.realm().agent();
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        agent.authorize(Map.of("scope", "openid", "agent_instance", instance));
    Page screen = demo.realm().approverAs(APPROVER).signIn(authorization);
    Page consent = screen.form("#leash-approval-form").orElseThrow().submit("decision", "approve");
    consent.form("[name=accept]").orElseThrow().submit("cancel");
    assertEquals("access_denied", agent.pollUntilSettled(authorization, SETTLE_TIMEOUT).error());

    JsonNode record = recordsWhere("device/claimed/agent_instance", instance).get(0);
    assertEquals("denied", text(record, "outcome"), record::toString);
    assertEquals("rejected_by_user", text(record, "decision/reason"));
    assertEquals(APPROVER.username(), text(record, "decision/approver/username"));
  }

  /**
   * One browser approving two codes of one agent in two tabs: the "no" on one consent screen is
   * that code's, and the other code's approval is recorded with its approver.
   */
  @Test
  void aDenialOnKeycloaksConsentScreenIsRecordedOnTheCodeDenied() {
    DeviceFlowClient agent = demo.realm().agent();
    String toApprove = UUID.randomUUID().toString();
    String toDeny = UUID.randomUUID().toString();
    OAuthResponse approved =
        agent.authorize(Map.of("scope", "openid", "agent_instance", toApprove));
    OAuthResponse denied = agent.authorize(Map.of("scope", "openid", "agent_instance", toDeny));
    DeviceApprover person = new DeviceApprover(new Browser(), APPROVER);
    Page approvingTab =
        person
            .signIn(approved)
            .form("#leash-approval-form")
            .orElseThrow()
            .submit("decision", "approve");
    Page denyingTab =
        person
            .signIn(denied)
            .form("#leash-approval-form")
            .orElseThrow()
            .submit("decision", "approve");

    denyingTab.form("[name=accept]").orElseThrow().submit("cancel");
    approvingTab.form("[name=accept]").orElseThrow().submit("accept");

    assertEquals("access_denied", agent.pollUntilSettled(denied, SETTLE_TIMEOUT).error());
    assertTrue(agent.pollUntilSettled(approved, SETTLE_TIMEOUT).accessToken() != null);
    JsonNode deniedRecord =
        awaitRecord("device/claimed/agent_instance", toDeny, record -> record.has("decision"));
    assertEquals("denied", text(deniedRecord, "outcome"), deniedRecord::toString);
    JsonNode approvedRecord =
        awaitRecord("device/claimed/agent_instance", toApprove, record -> record.has("decision"));
    assertEquals("approved", text(approvedRecord, "outcome"), approvedRecord::toString);
    assertEquals(APPROVER.username(), text(approvedRecord, "decision/approver/username"));
  }

  @Test
  void aGrantNobodyDecidesEndsAsExpired(KeycloakServer server) {
    ClientProfiles profiles = new ClientProfiles(server, DemoRealm.NAME);
    Map<String, Object> demoPolicy =
        Map.of(
            "device-code-lifetime-cap", 600,
            "approval-window", 900,
            "refresh-tokens-allowed", false,
            "offline-access-allowed", false,
            "access-token-lifetime-cap", 300,
            "poll-abuse-limit", 10);
    Map<String, Object> shortLived = new LinkedHashMap<>(demoPolicy);
    shortLived.put("device-code-lifetime-cap", 1);
    profiles.configure("leash-hard-expiry", shortLived);
    String instance = UUID.randomUUID().toString();
    try {
      demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", instance));
    } finally {
      profiles.configure("leash-hard-expiry", demoPolicy);
    }

    JsonNode record =
        awaitRecord(
            "device/claimed/agent_instance",
            instance,
            found -> "expired".equals(text(found, "outcome")));
    assertEquals("expired", text(record, "outcome"), record::toString);
    assertEquals(text(record, "requested/expires_at"), text(record, "ended_at"));
  }

  @Test
  void entriesWaitForAnUnavailableSinkAndArriveInOrderOnce() throws Exception {
    String realmId = admin.get("/admin/realms/" + DemoRealm.NAME).path("id").asText();
    Path file = Path.of(System.getProperty("leash.it.audit-dir"), DemoRealm.NAME + ".jsonl");
    Path earlier = file.resolveSibling(file.getFileName() + "." + System.nanoTime());
    Files.createDirectories(file.getParent());
    if (Files.exists(file)) {
      Files.move(file, earlier);
    }
    Files.createDirectory(file); // The sink cannot append to a directory: it is down.
    try {
      OAuthResponse authorization = demo.realm().agent().authorize("openid");
      demo.realm().approverAs(APPROVER).approve(authorization);
      assertEquals(
          200, demo.realm().agent().pollUntilSettled(authorization, SETTLE_TIMEOUT).status());
      JsonNode failing = awaitDelivery(sink -> sink.has("failing_since"));
      assertTrue(
          failing.path("last_error").asText().contains(file.getFileName().toString()),
          failing::toString);
    } finally {
      Files.delete(file);
    }
    long lastSeq = awaitSealed().path("last_seq").asLong();
    awaitDelivery(sink -> sink.path("delivered_up_to").asLong() >= lastSeq);

    List<JsonNode> lines = new ArrayList<>();
    for (Path delivered : Files.exists(earlier) ? List.of(earlier, file) : List.of(file)) {
      for (String line : Files.readAllLines(delivered)) {
        JsonNode entry = Json.parse(line);
        if (realmId.equals(entry.path("realm_id").asText())) {
          lines.add(entry);
        }
      }
    }
    String previousHash = "0".repeat(64);
    for (int i = 0; i < lines.size(); i++) {
      JsonNode entry = lines.get(i);
      assertEquals(i + 1, entry.path("seq").asLong(), "every entry once, in order");
      assertEquals(previousHash, entry.path("prev_hash").asText());
      previousHash = entry.path("hash").asText();
    }
    assertTrue(lines.size() >= lastSeq, () -> lines.size() + " lines for " + lastSeq);
  }

  /** The file sink's delivery state once {@code until} holds for it. */
  private static JsonNode awaitDelivery(Predicate<JsonNode> until) {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    JsonNode sink = fileSink();
    while (!until.test(sink) && System.nanoTime() < deadline) {
      pause();
      sink = fileSink();
    }
    assertTrue(until.test(sink), sink::toString);
    return sink;
  }

  private static JsonNode fileSink() {
    for (JsonNode sink : admin.get(auditPath("/delivery")).path("sinks")) {
      if ("file".equals(sink.path("sink").asText())) {
        return sink;
      }
    }
    return Json.object();
  }

  /**
   * The sequence number of the entry that sealed version {@code version} of record {@code
   * recordId}, once the file sink has it (the drainer writes only sealed entries there).
   */
  private static long awaitSealedEntry(String recordId, int version) {
    Path file = Path.of(System.getProperty("leash.it.audit-dir"), DemoRealm.NAME + ".jsonl");
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode entry : completeLines(file)) {
        JsonNode record = entry.path("record");
        if (recordId.equals(record.path("record_id").asText())
            && record.path("version").asInt() == version) {
          return entry.path("seq").asLong();
        }
      }
      pause();
    }
    throw new AssertionError("Version " + version + " of " + recordId + " was never sealed");
  }

  /** The entries of the file's complete lines: the drainer may be appending the last one. */
  private static List<JsonNode> completeLines(Path file) {
    List<JsonNode> entries = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return entries;
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
      if (!line.isBlank()) {
        entries.add(Json.parse(line));
      }
    }
    return entries;
  }

  /** Waits until the realm's chain has an entry, and returns the verification. */
  private static JsonNode awaitSealed() {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    JsonNode verification = admin.get(auditPath("/verify"));
    while (verification.path("last_seq").asLong() == 0 && System.nanoTime() < deadline) {
      pause();
      verification = admin.get(auditPath("/verify"));
    }
    return verification;
  }

  /**
   * The realm's records whose field at {@code path} equals {@code value}, once there is at least
   * one: facts that roll their request back arrive in a transaction of their own, just after the
   * answer.
   */
  private static List<JsonNode> recordsWhere(String path, String value) {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    List<JsonNode> found = findRecords(path, value);
    while (found.isEmpty() && System.nanoTime() < deadline) {
      pause();
      found = findRecords(path, value);
    }
    return found;
  }

  /**
   * The first record whose field at {@code path} equals {@code value}, once {@code until} holds.
   */
  private static JsonNode awaitRecord(String path, String value, Predicate<JsonNode> until) {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    List<JsonNode> found = findRecords(path, value);
    while ((found.isEmpty() || !until.test(found.get(0))) && System.nanoTime() < deadline) {
      pause();
      found = findRecords(path, value);
    }
    return found.isEmpty() ? Json.object() : found.get(0);
  }

  private static List<JsonNode> findRecords(String path, String value) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode record : admin.get(auditPath("?max=1000"))) {
      if (value.equals(record.at("/" + path).asText(null))) {
        found.add(record);
      }
    }
    return found;
  }

  private static String auditPath(String rest) {
    return "/admin/realms/" + DemoRealm.NAME + "/leash/audit" + rest;
  }

  private static String text(JsonNode record, String path) {
    return record.at("/" + path).asText(null);
  }

  /**
   * The time at {@code path}, checked to lie from {@code earliest} to {@code latest} (times are
   * whole seconds, so {@code latest} counts from the start of its second).
   */
  private static Instant time(JsonNode node, String path, Instant earliest, Instant latest) {
    String value = text(node, path);
    assertTrue(value != null, () -> "no " + path + " in " + node);
    Instant time = Instant.parse(value);
    assertFalse(time.isBefore(earliest.truncatedTo(ChronoUnit.SECONDS)), () -> path + " " + node);
    assertFalse(time.isAfter(latest.truncatedTo(ChronoUnit.SECONDS)), () -> path + " " + node);
    return time;
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
