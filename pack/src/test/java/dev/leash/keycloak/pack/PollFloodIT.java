package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device that polls as fast as it can must not turn its polls into unbounded log, event-store or
 * audit volume. For {@code leash.it.poll-flood-seconds} (30 by default) the demo agent hammers its
 * own pending code and a thief on another address hammers a second one; then the test counts what
 * that left behind: Keycloak's event log lines, rows in Keycloak's event store (on for this realm),
 * Leash's own log lines, record writes and outbox entries, and prints the figures.
 */
@LeashKeycloakTest
class PollFloodIT {

  private static final long FLOOD_SECONDS = Long.getLong("leash.it.poll-flood-seconds", 30);

  /** Rejected polls reported each, per grant and reason, before one a minute is reported. */
  private static final long EXACT_REPORTS = 20;

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(json -> json.put("eventsEnabled", true));

  private static AdminClient admin;
  private static Path serverLog;

  @BeforeAll
  static void connect(KeycloakServer server) {
    admin = server.admin();
    serverLog = server.log();
  }

  @Test
  void aFastPollerAndAThiefLeaveBoundedTraces() throws Exception {
    DeviceFlowClient agent = demo.realm().agent();
    DeviceFlowClient thief = demo.realm().agent().from(InetAddress.getByName("127.0.0.2"));
    String ownInstance = UUID.randomUUID().toString();
    String stolenInstance = UUID.randomUUID().toString();
    OAuthResponse own = agent.authorize(Map.of("scope", "openid", "agent_instance", ownInstance));
    OAuthResponse stolen =
        agent.authorize(Map.of("scope", "openid", "agent_instance", stolenInstance));
    assertEquals(200, stolen.status(), stolen::toString);

    long logStart = Files.size(serverLog);
    long eventsBefore = tokenErrorEvents();
    long sealedBefore = sealed();

    ConcurrentMap<String, LongAdder> ownAnswers = new ConcurrentHashMap<>();
    ConcurrentMap<String, LongAdder> thiefAnswers = new ConcurrentHashMap<>();
    long until = System.nanoTime() + Duration.ofSeconds(FLOOD_SECONDS).toNanos();
    ExecutorService pollers = Executors.newFixedThreadPool(2);
    Future<?> owner = pollers.submit(() -> hammer(agent, own.deviceCode(), until, ownAnswers));
    Future<?> thieving =
        pollers.submit(() -> hammer(thief, stolen.deviceCode(), until, thiefAnswers));
    owner.get();
    thieving.get();
    pollers.shutdown();

    JsonNode ownRecord = recordOf(ownInstance);
    JsonNode stolenRecord = recordOf(stolenInstance);
    Thread.sleep(3000); // The drainer seals every second; error events land just after answers.
    String log = logSince(logStart);
    long keycloakLines = lines(log, "type=\"OAUTH2_DEVICE_CODE_TO_TOKEN_ERROR\"");
    long leashLines = lines(log, "[dev.leash");
    long events = tokenErrorEvents() - eventsBefore;
    long outboxEntries = sealed() - sealedBefore;
    long polls = total(ownAnswers) + total(thiefAnswers);

    System.out.printf(
        "[poll-flood] %d s: %d polls (agent %s, thief %s); Keycloak event log lines %d, event-store"
            + " rows %d, Leash log lines %d, outbox entries %d; record versions: agent %d, thief"
            + " %d%n agent record rejected_polls %s%n thief record rejected_polls %s%n",
        FLOOD_SECONDS,
        polls,
        counts(ownAnswers),
        counts(thiefAnswers),
        keycloakLines,
        events,
        leashLines,
        outboxEntries,
        ownRecord.path("version").asLong(),
        stolenRecord.path("version").asLong(),
        ownRecord.path("rejected_polls"),
        stolenRecord.path("rejected_polls"));

    assertTrue(polls > 100, "the pollers got through: " + polls);
    // Per grant and reason (agent: slow_down, revoked; thief: binding mismatch) each of the first
    // 20 reports in a ten-minute window (the flood may touch two), then one a minute; 2 more for
    // minute boundaries.
    long perReason = (FLOOD_SECONDS / 600 + 2) * EXACT_REPORTS + FLOOD_SECONDS / 60 + 2;
    long bound = 3 * perReason;
    assertTrue(keycloakLines <= bound, keycloakLines + " Keycloak log lines > " + bound);
    assertTrue(events <= bound, events + " event-store rows > " + bound);
    assertTrue(leashLines <= bound, leashLines + " Leash log lines > " + bound);
    assertTrue(outboxEntries <= 10, outboxEntries + " outbox entries");
    assertTrue(stolenRecord.path("version").asLong() <= perReason + 1, stolenRecord::toString);

    assertEquals("revoked", ownRecord.path("outcome").asText(), ownRecord::toString);
    JsonNode slowDowns = ownRecord.at("/rejected_polls/slow_down");
    assertEquals(10, slowDowns.path("count").asInt(), "the abuse limit, exactly: " + slowDowns);
    assertTrue(!slowDowns.has("sampled"), slowDowns::toString);
    JsonNode mismatches = stolenRecord.at("/rejected_polls/leash_binding_mismatch");
    long reported = mismatches.path("count").asLong();
    assertTrue(
        reported > EXACT_REPORTS && reported <= perReason, "reported mismatches: " + mismatches);
    assertTrue(mismatches.path("sampled").asBoolean(), mismatches::toString);
    assertEquals("pending", stolenRecord.path("outcome").asText());
  }

  @Test
  void refusedDeviceRequestsCostKeycloakALineEachButTheTallyABoundedNumberOfWrites()
      throws Exception {
    long logStart = Files.size(serverLog);
    long eventsBefore = events("OAUTH2_DEVICE_AUTH_ERROR");
    int requests = 100;
    for (int request = 0; request < requests; request++) {
      OAuthResponse refused = demo.realm().agent().authorize("openid phone");
      assertEquals("invalid_scope", refused.error(), refused::toString);
    }
    Thread.sleep(2000); // Error events land just after the answers.

    long keycloakLines = lines(logSince(logStart), "type=\"OAUTH2_DEVICE_AUTH_ERROR\"");
    long events = events("OAUTH2_DEVICE_AUTH_ERROR") - eventsBefore;
    long counted = 0;
    long versions = 0;
    boolean sampled = false;
    for (JsonNode tally : records()) {
      if ("invalid_scope".equals(tally.at("/refusal/error").asText())) {
        counted += tally.at("/refusal/count").asLong();
        versions += tally.path("version").asLong();
        sampled |= tally.at("/refusal/sampled").asBoolean();
      }
    }
    System.out.printf(
        "[refusal-flood] %d refused device requests: Keycloak event log lines %d, event-store rows"
            + " %d; Leash tally count %d (sampled %s), tally versions %d%n",
        requests, keycloakLines, events, counted, sampled, versions);

    // Keycloak's own event log and store: one each per refusal, unless the operator tames them
    // (docs/flood.md); Leash's tally: each of the first 20 an hour, then one a minute.
    assertEquals(requests, keycloakLines);
    assertEquals(requests, events);
    // Two hours' tallies if the requests straddle an hour.
    assertTrue(counted > EXACT_REPORTS && counted <= 2 * EXACT_REPORTS + 2, "tallied " + counted);
    assertTrue(sampled, "the tally says its count is a lower bound");
    assertTrue(versions <= 2 * EXACT_REPORTS + 2, versions + " tally versions");
  }

  private static void hammer(
      DeviceFlowClient client,
      String deviceCode,
      long untilNanos,
      ConcurrentMap<String, LongAdder> answers) {
    while (System.nanoTime() < untilNanos) {
      OAuthResponse answer = client.poll(deviceCode);
      String key = answer.status() + " " + answer.error();
      answers.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
  }

  private static long total(Map<String, LongAdder> answers) {
    return answers.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private static Map<String, Long> counts(Map<String, LongAdder> answers) {
    Map<String, Long> counts = new TreeMap<>();
    answers.forEach((answer, count) -> counts.put(answer, count.sum()));
    return counts;
  }

  private static String logSince(long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(serverLog);
    return new String(bytes, (int) offset, bytes.length - (int) offset, StandardCharsets.UTF_8);
  }

  private static long lines(String log, String marker) {
    return log.lines().filter(line -> line.contains(marker)).count();
  }

  private static long tokenErrorEvents() {
    return events("OAUTH2_DEVICE_CODE_TO_TOKEN_ERROR");
  }

  /** Rows of Keycloak's event store of this type. */
  private static long events(String type) {
    return admin
        .get("/admin/realms/" + DemoRealm.NAME + "/events?type=" + type + "&max=1000000")
        .size();
  }

  private static long sealed() {
    return admin
        .get("/admin/realms/" + DemoRealm.NAME + "/leash/audit/delivery")
        .path("last_seq")
        .asLong();
  }

  private static JsonNode records() {
    return admin.get("/admin/realms/" + DemoRealm.NAME + "/leash/audit?max=1000");
  }

  private static JsonNode recordOf(String instance) {
    for (JsonNode record : records()) {
      if (instance.equals(record.at("/device/claimed/agent_instance").asText())) {
        return record;
      }
    }
    throw new AssertionError("no record of agent instance " + instance);
  }
}
