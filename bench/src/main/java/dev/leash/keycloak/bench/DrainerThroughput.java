package dev.leash.keycloak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.StandaloneKeycloak;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * How fast the audit drainer seals a backlog into the hash chain and writes it to the file sink.
 * The backlog is made while the drainer is idle (a drain interval of an hour: its first run would
 * come an hour after start-up), then the server is started again on the same database with a short
 * interval, and the realm's delivery state is read every few milliseconds: the time from the last
 * look that saw nothing sealed to the first look that sees the file sink caught up bounds the
 * drainer's run from above, so entries/s is a lower bound.
 */
final class DrainerThroughput {

  /** The drainer's first run after the restart comes this long after start-up, once we watch. */
  private static final int DRAIN_INTERVAL_AFTER_RESTART = 20;

  private static final Duration LOOK_EVERY = Duration.ofMillis(20);
  private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

  private final BenchSettings settings;
  private final ObjectNode realm;

  DrainerThroughput(BenchSettings settings, ObjectNode realm) {
    this.settings = settings;
    this.realm = realm;
  }

  /**
   * Measures on the copy {@code home} with the database {@code databaseOptions} (kept across the
   * restart), the rest as {@code leashOptions}.
   */
  Report.Drain measure(
      String database, Path home, List<String> databaseOptions, List<String> leashOptions)
      throws Exception {
    List<String> idle = new ArrayList<>(databaseOptions);
    idle.addAll(leashOptions);
    idle.add("--spi-events-listener--leash-audit--drain-interval=3600");
    Path logs = settings.workDir().resolve("logs");
    try (KeycloakServer server =
        StandaloneKeycloak.start(
            settings.original(), home, true, logs, "start-dev", idle, settings.heap())) {
      server.admin().importRealm(Json.write(realm));
      makeBacklog(server, realm.path("realm").asText(), settings.drainAuthorizations());
    }
    List<String> draining = new ArrayList<>(databaseOptions);
    draining.addAll(leashOptions);
    draining.add(
        "--spi-events-listener--leash-audit--drain-interval=" + DRAIN_INTERVAL_AFTER_RESTART);
    try (KeycloakServer server =
        StandaloneKeycloak.startAgain(home, logs, "start-dev", draining, settings.heap())) {
      return watchDrain(database, server.admin(), realm.path("realm").asText());
    }
  }

  private static void makeBacklog(KeycloakServer server, String realmName, int authorizations)
      throws Exception {
    int threads = BenchRealm.AGENTS;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        DeviceFlowClient agent = new DeviceFlowClient(server, realmName, BenchRealm.agent(t));
        int share = authorizations / threads;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < share; i++) {
                    agent.authorize("openid");
                  }
                }));
      }
      for (Future<?> each : done) {
        each.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Report.Drain watchDrain(String database, AdminClient admin, String realmName)
      throws InterruptedException {
    String path = "/admin/realms/" + realmName + "/leash/audit/delivery";
    long giveUp = System.nanoTime() + GIVE_UP_AFTER.toNanos();
    long idleAt = -1;
    while (System.nanoTime() < giveUp) {
      JsonNode delivery = admin.get(path);
      long now = System.nanoTime();
      long lastSeq = delivery.path("last_seq").asLong();
      if (lastSeq == 0) {
        idleAt = now;
      } else if (idleAt < 0) {
        throw new IllegalStateException(
            "The drainer ran before the first look at " + database + "; nothing to time");
      } else if (fileSinkAt(delivery) == lastSeq) {
        return new Report.Drain(database, lastSeq, (now - idleAt) / 1e9);
      }
      TimeUnit.MILLISECONDS.sleep(LOOK_EVERY.toMillis());
    }
    throw new IllegalStateException("The file sink did not catch up on " + database);
  }

  private static long fileSinkAt(JsonNode delivery) {
    for (JsonNode sink : delivery.path("sinks")) {
      if ("file".equals(sink.path("sink").asText())) {
        return sink.path("delivered_up_to").asLong();
      }
    }
    return -1;
  }
}
