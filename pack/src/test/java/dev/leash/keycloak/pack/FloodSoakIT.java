package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.DedicatedKeycloakExtension;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Http;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flood without exhaustion (issue #9): vanilla Keycloak 26.7.3 with its default 512 MB heap holds
 * every unauthenticated device code ~615 s, so a flood of device-authorization requests to a public
 * client fills its heap until it dies. Here a Keycloak of its own, with that same default heap and
 * the demo realm's per-agent limits (3 pending codes, 20 requests a minute), is flooded at full
 * speed from several threads for {@code leash.it.flood-seconds} (600 by default; shorter while
 * developing), while a legitimate agent, another client, completes device flows (ask, approve,
 * poll) one after another. Every one of them must succeed, the server must keep answering and never
 * fail a request, the single-use store (where device codes live) must stay small, and the heap the
 * server holds after a full collection must not grow beyond a fixed allowance. The figures are
 * printed for docs/flood.md.
 */
@Tag("keycloak")
@Tag("soak")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FloodSoakIT {

  private static final long FLOOD_SECONDS = Long.getLong("leash.it.flood-seconds", 600);
  private static final int FLOOD_THREADS = 4;
  private static final String LEGIT_CLIENT_ID = "soak-legit-agent";
  private static final TestUser APPROVER = TestUser.withPassword("soak-approver", "soak-pass");

  /** Heap after a full collection may grow by at most this much over the flood. */
  private static final long HEAP_ALLOWANCE_BYTES = 64L << 20;

  /** The single-use store holds at most this many entries (vanilla: one per unexpired code). */
  private static final double STORE_ENTRY_BOUND = 2000;

  private static final long VANILLA_FLOOD_SECONDS =
      Long.getLong("leash.it.vanilla-flood-seconds", 60);
  private static final String VANILLA_REALM = "flood-vanilla";

  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
  private static final Duration LEGIT_PAUSE = Duration.ofSeconds(10);

  /**
   * Keycloak logs one WARN line per refused request; the flood's ~100,000s would fill the disk, so
   * the server runs as docs/flood.md tells operators (error events at DEBUG), and the test counts
   * that the WARN lines are gone.
   */
  @RegisterExtension
  static final DedicatedKeycloakExtension keycloak =
      new DedicatedKeycloakExtension("--spi-events-listener--jboss-logging--error-level=debug");

  private static DemoRealm realm;

  @BeforeAll
  static void importRealm() {
    realm =
        DemoRealm.importInto(
            keycloak.server(),
            json -> {
              RealmJson.withoutStepUp(json);
              RealmJson.addPasswordUser(json, APPROVER);
              json.withArray("clients").add(legitimateAgent(json));
            });
  }

  @AfterAll
  static void dropRealm() {
    if (realm != null && keycloak.isAlive()) {
      realm.close();
    }
  }

  @Test
  @Order(1)
  void aFullSpeedFloodLeavesTheServerAnsweringBoundedAndServingOthers() throws Exception {
    KeycloakServer server = keycloak.server();
    DeviceFlowClient legit = new DeviceFlowClient(server, DemoRealm.NAME, LEGIT_CLIENT_ID);
    assertLegitimateFlow(legit); // warms the server up
    keycloak.collectGarbage();
    Metrics start = Metrics.scrape(server);

    ConcurrentMap<String, LongAdder> answers = new ConcurrentHashMap<>();
    List<Long> legitLatencies = new ArrayList<>();
    List<String> legitFailures = new ArrayList<>();
    Samples samples = new Samples();
    long startNanos = System.nanoTime();
    long until = startNanos + TimeUnit.SECONDS.toNanos(FLOOD_SECONDS);
    BooleanSupplier flooding = () -> System.nanoTime() < until;

    ExecutorService threads = Executors.newFixedThreadPool(FLOOD_THREADS + 2);
    List<Future<?>> running = new ArrayList<>();
    URI deviceEndpoint =
        URI.create(server.realmUri(DemoRealm.NAME) + "/protocol/openid-connect/auth/device");
    for (int i = 0; i < FLOOD_THREADS; i++) {
      running.add(threads.submit(() -> flood(deviceEndpoint, flooding, answers)));
    }
    running.add(
        threads.submit(
            () -> {
              while (flooding.getAsBoolean()) {
                samples.add(Metrics.scrape(server));
                sleep(SAMPLE_EVERY);
              }
            }));
    running.add(
        threads.submit(
            () -> {
              while (flooding.getAsBoolean()) {
                long began = System.nanoTime();
                try {
                  assertLegitimateFlow(legit);
                  legitLatencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
                } catch (AssertionError | RuntimeException e) {
                  legitFailures.add(e.toString());
                }
                sleep(LEGIT_PAUSE);
              }
            }));
    for (Future<?> task : running) {
      task.get();
    }
    threads.shutdown();
    double seconds = (System.nanoTime() - startNanos) / 1e9;

    assertTrue(keycloak.isAlive(), "the server's JVM died");
    assertEquals(200, ready(server), "the server answers after the flood");
    keycloak.collectGarbage();
    Metrics end = Metrics.scrape(server);
    long sent = answers.values().stream().mapToLong(LongAdder::sum).sum();
    System.out.printf(
        "[flood-soak] %.0f s, %d threads, heap max %d MB: %d device requests (%.0f/s), answers"
            + " %s; heap used (sampled) %d..%d MB, after full GC %d MB before and %d MB after;"
            + " single-use store entries %.0f..%.0f (end %.0f); Keycloak WARN event lines %d;"
            + " legitimate flows %d ok, %d failed, latency ms min/median/max %s%n",
        seconds,
        FLOOD_THREADS,
        start.heapMax() >> 20,
        sent,
        sent / seconds,
        counts(answers),
        samples.minHeap() >> 20,
        samples.maxHeap() >> 20,
        start.heapUsed() >> 20,
        end.heapUsed() >> 20,
        samples.minEntries(),
        samples.maxEntries(),
        end.storeEntries(),
        warnEventLines(server),
        legitLatencies.size(),
        legitFailures.size(),
        spread(legitLatencies));

    assertEquals(List.of(), legitFailures, "every legitimate flow succeeds");
    assertTrue(legitLatencies.size() >= FLOOD_SECONDS / 60, "legitimate flows ran");
    assertTrue(sent > FLOOD_SECONDS * 10, "the flood got through: " + sent);
    assertEquals(
        0,
        answers.entrySet().stream()
            .filter(e -> e.getKey().startsWith("5") || e.getKey().startsWith("failed"))
            .mapToLong(e -> e.getValue().sum())
            .sum(),
        () -> "no request failed: " + counts(answers));
    assertTrue(
        samples.maxEntries() <= STORE_ENTRY_BOUND,
        "single-use store entries stay bounded: " + samples.maxEntries());
    assertTrue(
        end.heapUsed() <= start.heapUsed() + HEAP_ALLOWANCE_BYTES,
        () ->
            "heap after GC grew from "
                + (start.heapUsed() >> 20)
                + " MB to "
                + (end.heapUsed() >> 20)
                + " MB");
    assertEquals(0, warnEventLines(server), "error events are logged at DEBUG");
  }

  /**
   * The contrast, after the soak: the same flood for {@code leash.it.vanilla-flood-seconds} (60 by
   * default) against a copy of the demo realm without client policies, as vanilla Keycloak serves
   * it: every request stores a code (and its user code) for the code's lifetime.
   */
  @Test
  @Order(2)
  void withoutLeashsLimitsTheSameFloodPilesUpCodes() throws Exception {
    KeycloakServer server = keycloak.server();
    server.admin().importRealm(Json.write(vanillaRealm()));
    keycloak.collectGarbage();
    Metrics start = Metrics.scrape(server);

    ConcurrentMap<String, LongAdder> answers = new ConcurrentHashMap<>();
    long startNanos = System.nanoTime();
    long until = startNanos + TimeUnit.SECONDS.toNanos(VANILLA_FLOOD_SECONDS);
    URI deviceEndpoint =
        URI.create(server.realmUri(VANILLA_REALM) + "/protocol/openid-connect/auth/device");
    ExecutorService threads = Executors.newFixedThreadPool(FLOOD_THREADS);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < FLOOD_THREADS; i++) {
      running.add(
          threads.submit(() -> flood(deviceEndpoint, () -> System.nanoTime() < until, answers)));
    }
    for (Future<?> task : running) {
      task.get();
    }
    threads.shutdown();
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    keycloak.collectGarbage();
    Metrics end = Metrics.scrape(server);
    long sent = answers.values().stream().mapToLong(LongAdder::sum).sum();
    System.out.printf(
        "[flood-vanilla] %.0f s without Leash's limits: %d device requests (%.0f/s), answers %s;"
            + " single-use store entries %.0f -> %.0f; heap after full GC %d MB -> %d MB%n",
        seconds,
        sent,
        sent / seconds,
        counts(answers),
        start.storeEntries(),
        end.storeEntries(),
        start.heapUsed() >> 20,
        end.heapUsed() >> 20);
    server.admin().deleteRealm(VANILLA_REALM);

    long stored = answers.getOrDefault("200", new LongAdder()).sum();
    assertTrue(
        end.storeEntries() - start.storeEntries() >= stored,
        "every answered request holds a code (and its user code)");
  }

  /** One device flow of the legitimate agent: ask, approve, poll; it must get tokens. */
  private static void assertLegitimateFlow(DeviceFlowClient legit) {
    OAuthResponse authorization = legit.authorize("openid");
    assertEquals(200, authorization.status(), authorization::toString);
    realm.approverAs(APPROVER).approve(authorization);
    OAuthResponse tokens = legit.pollUntilSettled(authorization, Duration.ofSeconds(60));
    assertEquals(200, tokens.status(), tokens::toString);
    assertTrue(tokens.accessToken() != null, tokens::toString);
  }

  /** Unauthenticated device requests for the demo agent, as fast as one connection goes. */
  private static void flood(
      URI endpoint, BooleanSupplier flooding, ConcurrentMap<String, LongAdder> answers) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Http.TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Http.form(Map.of("client_id", DemoRealm.AGENT_CLIENT_ID, "scope", "openid"))))
            .build();
    while (flooding.getAsBoolean()) {
      String answer;
      try {
        answer =
            Integer.toString(
                http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
      } catch (IOException e) {
        answer = "failed " + e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      answers.computeIfAbsent(answer, key -> new LongAdder()).increment();
    }
  }

  /** A realm with only a public device-grant client, as vanilla Keycloak serves it. */
  private static ObjectNode vanillaRealm() {
    ObjectNode realm = Json.object();
    realm.put("realm", VANILLA_REALM).put("enabled", true);
    realm
        .putObject("attributes")
        .put("oauth2DeviceCodeLifespan", "600")
        .put("oauth2DevicePollingInterval", "5");
    ObjectNode client = realm.putArray("clients").addObject();
    client.put("clientId", DemoRealm.AGENT_CLIENT_ID).put("publicClient", true);
    client.put("standardFlowEnabled", false);
    client.putObject("attributes").put("oauth2.device.authorization.grant.enabled", "true");
    return realm;
  }

  /** A second agent client like the demo agent, under the same Leash policy. */
  private static ObjectNode legitimateAgent(ObjectNode realmJson) {
    for (JsonNode client : (ArrayNode) realmJson.path("clients")) {
      if (DemoRealm.AGENT_CLIENT_ID.equals(client.path("clientId").asText())) {
        ObjectNode copy = ((ObjectNode) client).deepCopy();
        copy.put("clientId", LEGIT_CLIENT_ID);
        copy.put("name", "Soak test's legitimate agent");
        return copy;
      }
    }
    throw new IllegalStateException("no demo agent in the realm");
  }

  private static int ready(KeycloakServer server) {
    return Http.send(
            Http.client(),
            HttpRequest.newBuilder(server.managementUri().resolve("/health/ready"))
                .timeout(Http.TIMEOUT)
                .build())
        .statusCode();
  }

  /** Keycloak's event lines at WARN in the server log (none, with error events at DEBUG). */
  private static long warnEventLines(KeycloakServer server) throws IOException {
    try (Stream<String> lines = Files.lines(server.log())) {
      return lines.filter(line -> line.contains("WARN  [org.keycloak.events]")).count();
    }
  }

  private static Map<String, Long> counts(Map<String, LongAdder> answers) {
    Map<String, Long> counts = new TreeMap<>();
    answers.forEach((answer, count) -> counts.put(answer, count.sum()));
    return counts;
  }

  private static String spread(List<Long> latencies) {
    if (latencies.isEmpty()) {
      return "-";
    }
    List<Long> sorted = latencies.stream().sorted().toList();
    return sorted.get(0)
        + "/"
        + sorted.get(sorted.size() / 2)
        + "/"
        + sorted.get(sorted.size() - 1);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the management port's {@code /metrics} says about memory and the single-use store. */
  private record Metrics(long heapUsed, long heapMax, double storeEntries) {

    static Metrics scrape(KeycloakServer server) {
      PrometheusText metrics = PrometheusText.scrape(server.managementUri());
      return new Metrics(
          (long) metrics.sum("jvm_memory_used_bytes", Map.of("area", "heap")),
          (long) metrics.sum("jvm_memory_max_bytes", Map.of("area", "heap")),
          metrics
              .value("vendor_statistics_approximate_entries", Map.of("cache", "actionTokens"))
              .orElse(Double.NaN));
    }
  }

  /** Samples taken during the flood. */
  private static final class Samples {
    private final List<Metrics> taken = new CopyOnWriteArrayList<>();

    void add(Metrics metrics) {
      taken.add(metrics);
    }

    long minHeap() {
      return taken.stream().mapToLong(Metrics::heapUsed).min().orElse(0);
    }

    long maxHeap() {
      return taken.stream().mapToLong(Metrics::heapUsed).max().orElse(0);
    }

    double minEntries() {
      return taken.stream().mapToDouble(Metrics::storeEntries).min().orElse(Double.NaN);
    }

    double maxEntries() {
      return taken.stream().mapToDouble(Metrics::storeEntries).max().orElse(Double.NaN);
    }
  }
}
