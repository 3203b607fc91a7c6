package dev.leash.keycloak.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.PostgresDatabase;
import dev.leash.keycloak.testsupport.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * {@code ./leash bench}: vanilla Keycloak and Keycloak with Leash, both running at once from copies
 * of the same distribution with the same JVM options, measured in alternating rounds; then the
 * audit trail's cost and its drainer's throughput. Writes {@code <leash.bench.dir>/benchmarks.md}.
 */
public final class Bench {

  private static final Logger LOG = Logger.getLogger("dev.leash.keycloak.bench");

  private static final String REALM = "bench";
  private static final String AUDITED_REALM = "bench-audited";
  private static final String QUIET_REALM = "bench-quiet";
  private static final String SAVED_EVENTS_REALM = "bench-saved-events";

  /** A server using less than this share of one core is idle (timer tasks, a sweep). */
  private static final double IDLE_SHARE = 0.05;

  private final BenchSettings settings;
  private final LoadDriver driver;
  private int recordings;

  private Bench(BenchSettings settings) {
    this.settings = settings;
    this.driver = new LoadDriver(settings.clients());
  }

  public static void main(String[] args) throws Exception {
    BenchSettings settings = BenchSettings.fromSystemProperties();
    Report report = new Report(Machine.describe(settings));
    new Bench(settings).run(report);
    Path out = settings.workDir().resolve("benchmarks.md");
    Files.writeString(out, report.markdown());
    System.out.println(report.markdown());
    System.out.println("Written to " + out);
  }

  private void run(Report report) throws Exception {
    ObjectNode demo = Json.read(repoRoot().resolve("docker/leash-demo-realm.json"));
    ObjectNode leashRealm = BenchRealm.withLeash(demo, REALM, settings.clients());
    // Copies per Keycloak version (the original's directory name): each keeps its own build.
    Path servers = settings.workDir().resolve("servers").resolve(settings.original().getFileName());
    if (settings.runs("compare") || settings.runs("audit") || settings.runs("audited")) {
      try (PostgresDatabase vanillaDatabase = PostgresDatabase.createFresh();
          PostgresDatabase leashDatabase = PostgresDatabase.createFresh();
          BenchServer vanilla =
              start(servers.resolve("vanilla-postgres"), false, onPostgres(vanillaDatabase));
          BenchServer leash =
              start(
                  servers.resolve("leash-postgres"),
                  true,
                  with(onPostgres(leashDatabase), leashOptions("main")))) {
        vanilla.current().admin().importRealm(Json.write(BenchRealm.vanilla(leashRealm)));
        leash.current().admin().importRealm(Json.write(leashRealm));
        // The extra realms only when a part that measures them runs: a run sets up what it uses.
        if (settings.runs("audited")) {
          vanilla
              .current()
              .admin()
              .importRealm(
                  Json.write(
                      BenchRealm.withSavedEvents(
                          BenchRealm.vanilla(
                              BenchRealm.withLeash(
                                  demo, SAVED_EVENTS_REALM, settings.clients())))));
        }
        if (settings.runs("compare")) {
          leash
              .current()
              .admin()
              .importRealm(
                  Json.write(
                      BenchRealm.withoutAuditListener(
                          BenchRealm.withLeash(demo, QUIET_REALM, settings.clients()))));
        }
        Target plain = new Target("vanilla", vanilla, REALM);
        Target withLeash = new Target("Leash", leash, REALM);
        if (settings.runs("compare")) {
          report.add(compareLeashWithVanilla(plain, withLeash));
          report.add(policiesAlone(plain, new Target("Leash, no audit", leash, QUIET_REALM)));
          report.add(refusals(plain, withLeash));
        }
        if (settings.runs("audited")) {
          report.add(
              bothAudited(
                  new Target("vanilla, events saved", vanilla, SAVED_EVENTS_REALM), withLeash));
        }
        if (settings.runs("audit")) {
          report.add(auditCost(leash, demo));
        }
      }
    }
    if (settings.runs("drain")) {
      DrainerThroughput drainer = new DrainerThroughput(settings, leashRealm);
      Path h2 = settings.workDir().resolve("h2/drain/leash-bench");
      deleteH2Files(h2.getParent());
      report.add(
          drainer.measure(
              "H2 (file)",
              servers.resolve("leash"),
              List.of("--db=dev-mem", "--db-url=jdbc:h2:file:" + h2 + ";NON_KEYWORDS=VALUE"),
              leashOptions("drain-h2")));
      try (PostgresDatabase database = PostgresDatabase.createFresh()) {
        report.add(
            drainer.measure(
                "PostgreSQL",
                servers.resolve("leash-postgres"),
                onPostgres(database),
                leashOptions("drain-postgres")));
      }
    }
  }

  private Report.Table compareLeashWithVanilla(Target vanilla, Target leash) throws Exception {
    return new Report.Table(
        "Leash vs vanilla Keycloak, " + settings.clients() + " clients",
        "vanilla",
        "Leash",
        true,
        requestScenarios(vanilla, leash));
  }

  /** Device requests, pending polls and approval round trips: those of them that run. */
  private List<Comparison> requestScenarios(Target baseline, Target candidate) throws Exception {
    List<Comparison> rows = new ArrayList<>();
    int clients = settings.clients();
    if (settings.measures("authorize")) {
      rows.add(
          compare(
              "device authorization",
              "/s",
              baseline,
              candidate,
              target -> Scenarios.deviceAuthorization(target, clients)));
    }
    if (settings.measures("poll")) {
      rows.add(
          compare(
              "token polls, authorization_pending",
              "/s",
              baseline,
              candidate,
              target -> new PendingPolls(target, settings.pendingCodes())));
    }
    if (settings.measures("approve")) {
      rows.add(
          compare(
              "approval round trips",
              "/min",
              baseline,
              candidate,
              target -> Scenarios.approvalRoundTrip(target, clients)));
    }
    return rows;
  }

  /**
   * Device authorization, the one request on which Leash writes to the database (the audit record),
   * against a realm with Leash's policies but without its audit listener: what the policies alone
   * cost.
   */
  private Report.Table policiesAlone(Target vanilla, Target quiet) throws Exception {
    List<Comparison> rows = new ArrayList<>();
    if (settings.measures("authorize")) {
      rows.add(
          compare(
              "device authorization",
              "/s",
              vanilla,
              quiet,
              target -> Scenarios.deviceAuthorization(target, settings.clients())));
    }
    return new Report.Table(
        "Leash's policies without its audit listener vs vanilla Keycloak",
        "vanilla",
        "Leash, no audit",
        true,
        rows);
  }

  /**
   * Both servers keeping a durable record of device grants: vanilla Keycloak saving its own events
   * (a row per event, in the request's transaction) against Leash with its audit trail. Not judged:
   * the goal is stated against vanilla Keycloak as it ships, with events off.
   */
  private Report.Table bothAudited(Target savedEvents, Target leash) throws Exception {
    return new Report.Table(
        "Leash (audit trail) vs vanilla Keycloak saving its events, "
            + settings.clients()
            + " clients",
        "vanilla, events saved",
        "Leash",
        false,
        requestScenarios(savedEvents, leash));
  }

  private Report.Table refusals(Target vanilla, Target leash) throws InterruptedException {
    List<Comparison> rows = new ArrayList<>();
    if (settings.measures("capped")) {
      restart(vanilla, leash);
      rows.add(
          alternate(
              "device authorization, agent at its pending-code cap",
              "/s",
              vanilla,
              Scenarios.cappedAgent(vanilla, settings.clients(), false),
              leash,
              Scenarios.cappedAgent(leash, settings.clients(), true)));
    }
    return new Report.Table(
        "Cost of a refused request", "vanilla (issued)", "Leash (refused)", false, rows);
  }

  private Report.Table auditCost(BenchServer leash, ObjectNode demo) throws Exception {
    leash
        .current()
        .admin()
        .importRealm(Json.write(BenchRealm.withLeash(demo, AUDITED_REALM, settings.clients())));
    try (WebhookReceiver receiver = WebhookReceiver.listening()) {
      receiver.answerAfter(Duration.ofSeconds(1));
      String secret = HexFormat.of().formatHex(randomBytes(24));
      var answer =
          leash
              .current()
              .admin()
              .put(
                  "/admin/realms/" + AUDITED_REALM + "/leash/audit/webhook",
                  Map.of("url", receiver.url().toString(), "secret", secret));
      if (answer.statusCode() != 204) {
        throw new IllegalStateException("Could not set the webhook: " + answer.body());
      }
      Target without = new Target("no listener", leash, QUIET_REALM);
      Target with = new Target("audit + slow webhook", leash, AUDITED_REALM);
      List<Comparison> rows = requestScenarios(without, with);
      LOG.infof("webhook received %d deliveries", receiver.deliveries().size());
      return new Report.Table(
          "Leash with the audit listener and a webhook answering after 1 s vs Leash without the"
              + " listener (one server, two realms)",
          "no listener",
          "audit + webhook",
          false,
          rows);
    }
  }

  /** Interface for building an operation against a target (may do set-up work). */
  private interface OperationFactory {
    LoadDriver.Operation on(Target target) throws Exception;
  }

  private Comparison compare(
      String scenario, String unit, Target baseline, Target candidate, OperationFactory factory)
      throws Exception {
    restart(baseline, candidate);
    LOG.infof("[bench] preparing %s", scenario);
    return alternate(
        scenario, unit, baseline, factory.on(baseline), candidate, factory.on(candidate));
  }

  /** Starts the targets' servers again, each once, so the scenario starts on a clean heap. */
  private static void restart(Target... targets) {
    Arrays.stream(targets).map(Target::host).distinct().forEach(BenchServer::restart);
  }

  /**
   * Lets both servers finish what earlier scenarios left them, warms both up, lets the loads renew
   * what the warm-up used up and the servers finish that, then alternates measured rounds:
   * baseline, candidate, baseline, ...
   */
  private Comparison alternate(
      String scenario,
      String unit,
      Target baseline,
      LoadDriver.Operation baselineLoad,
      Target candidate,
      LoadDriver.Operation candidateLoad)
      throws InterruptedException {
    settle(baseline);
    settle(candidate);
    Duration baselineWarmUp = warmUp(baseline, baselineLoad);
    Duration candidateWarmUp = warmUp(candidate, candidateLoad);
    baselineLoad.beforeRounds();
    candidateLoad.beforeRounds();
    settle(baseline);
    settle(candidate);
    Instant measuredFrom = Instant.now();
    List<Round> baselineRounds = new ArrayList<>();
    List<Round> candidateRounds = new ArrayList<>();
    for (int round = 0; round < settings.rounds(); round++) {
      baselineRounds.add(logged(scenario, measured(baseline, baselineLoad)));
      candidateRounds.add(logged(scenario, measured(candidate, candidateLoad)));
    }
    Comparison comparison =
        new Comparison(
            scenario, unit, baselineWarmUp, baselineRounds, candidateWarmUp, candidateRounds);
    if (settings.profile()) {
      profiles(comparison, baseline, candidate, measuredFrom);
    }
    return comparison;
  }

  /**
   * Writes the recordings of the measured rounds next to the report: the candidate's, and when the
   * baseline ran on a server of its own, the baseline's and what the candidate spends more per
   * operation ({@link ProfileDiff}).
   */
  private void profiles(
      Comparison comparison, Target baseline, Target candidate, Instant measuredFrom) {
    String recording = comparison.scenario().replaceAll("[^A-Za-z0-9]+", "-") + "-" + ++recordings;
    Path candidateFile = summarise(candidate, recording, measuredFrom);
    if (baseline.server() == candidate.server()) {
      return; // one recording holds both
    }
    Path baselineFile = summarise(baseline, recording + "-baseline", measuredFrom);
    if (candidateFile == null || baselineFile == null) {
      return;
    }
    Path diffFile = candidateFile.resolveSibling(recording + "-diff.txt");
    try {
      String diff =
          ProfileDiff.of(
              ProfileDiff.read(baselineFile, measuredFrom),
              comparison.baselineCpuPerOp(),
              ProfileDiff.read(candidateFile, measuredFrom),
              comparison.candidateCpuPerOp(),
              40);
      Files.writeString(diffFile, diff);
      LOG.infof(
          "[bench] %s over %s during %s:%n%s", candidate.name(), baseline.name(), recording, diff);
    } catch (IOException e) {
      LOG.warnf("[bench] no profile difference for %s: %s", recording, e.getMessage());
    }
  }

  /** Loads the target until its server is warm ({@link WarmUp}); returns for how long. */
  private Duration warmUp(Target target, LoadDriver.Operation load) {
    long pid = ServerProcess.of(target.server()).pid();
    Duration spent =
        settings
            .warmUp()
            .perform(length -> driver.run(target.name(), load, length), () -> CompilerTime.of(pid));
    LOG.infof("[bench] %s warmed up for %d s", target.name(), spent.toSeconds());
    return spent;
  }

  /**
   * Waits (up to 3 minutes) until the target's server is idle, so its backlog from the previous
   * scenario (audit entries still to seal and deliver) is not measured as this scenario's cost.
   */
  private static void settle(Target target) throws InterruptedException {
    if (!ServerProcess.of(target.server()).awaitIdle(IDLE_SHARE, Duration.ofMinutes(3))) {
      LOG.warnf("[bench] %s is still busy after 3 minutes; measuring anyway", target.name());
    }
  }

  /** One round of {@code load} against {@code target}, with the CPU its server used meanwhile. */
  private Round measured(Target target, LoadDriver.Operation load) {
    ServerProcess server = ServerProcess.of(target.server());
    long before = server.cpuNanos();
    Round round = driver.run(target.name(), load, settings.round());
    long after = server.cpuNanos();
    return round.withServerCpu(before < 0 || after < 0 ? -1 : after - before);
  }

  /**
   * Writes what the target's recording holds since {@code measuredFrom}, and its summary of the
   * measured rounds (of every target on its server), next to the report; returns the recording, or
   * null when there is none.
   */
  private Path summarise(Target target, String recording, Instant measuredFrom) {
    Path file = settings.workDir().resolve("profiles").resolve(recording + ".jfr");
    try {
      Files.createDirectories(file.getParent());
      Profiler.of(target.server()).dump(measuredFrom, file);
      String summary = ProfileSummary.of(file, 25, measuredFrom);
      Files.writeString(file.resolveSibling(recording + ".txt"), summary);
      LOG.infof("[bench] profile of %s during %s:%n%s", target.name(), recording, summary);
      return file;
    } catch (IOException e) {
      LOG.warnf("[bench] no profile of %s: %s", recording, e.getMessage());
      return null;
    }
  }

  private static Round logged(String scenario, Round round) {
    LOG.infof(
        "[bench] %s on %s: %.1f/s, p50 %.2f ms, p99 %.2f ms, server CPU %.0f µs/op, %d"
            + " unexpected",
        scenario,
        round.server(),
        round.perSecond(),
        round.p50Millis(),
        round.p99Millis(),
        round.cpuMicrosPerOp(),
        round.unexpected());
    return round;
  }

  /**
   * Starts a compared server; when profiling, every compared server records itself from the start,
   * so a profile of Leash can be set against vanilla's.
   */
  private BenchServer start(Path home, boolean withLeash, List<String> options) {
    String jvmOptions =
        settings.profile() ? settings.heap() + " " + Profiler.JVM_OPTION : settings.heap();
    return BenchServer.start(
        settings.original(),
        home,
        withLeash,
        settings.workDir().resolve("logs"),
        options,
        jvmOptions);
  }

  /**
   * The options of a server on {@code database}. The compared servers run on PostgreSQL, as
   * production does: on H2 in memory ({@code dev-mem}) the audit trail's rows would fill the JVM's
   * heap during a run and measure the garbage collector.
   */
  private static List<String> onPostgres(PostgresDatabase database) {
    return database.keycloakOptions();
  }

  private static List<String> with(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /**
   * The demo's server options: strong user codes, the audit file sink, and webhooks allowed to
   * reach this machine (the benchmark's receiver listens on loopback).
   */
  private List<String> leashOptions(String run) {
    return List.of(
        "--spi-oauth2Device-user-code--provider=leash-strong",
        "--spi-events-listener--leash-audit--file-directory="
            + settings.workDir().resolve("audit").resolve(run),
        "--spi-events-listener--leash-audit--webhook-allow-private=true");
  }

  private static Path repoRoot() {
    return Path.of(System.getProperty("leash.repo.root", "."));
  }

  private static void deleteH2Files(Path directory) throws Exception {
    if (Files.isDirectory(directory)) {
      try (var files = Files.list(directory)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
    }
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
