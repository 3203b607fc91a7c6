package dev.leash.keycloak.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a run does, from system properties ({@code ./leash bench} sets the paths; the rest have
 * defaults for the documented full run and can be shortened while developing, e.g. {@code
 * -Dleash.bench.round-seconds=5}).
 *
 * @param original the unpacked Keycloak with the pack in {@code providers/} ({@code
 *     leash.keycloak.home})
 * @param workDir where the server copies, logs, audit files and the report go ({@code
 *     leash.bench.dir})
 * @param only the parts to run, comma-separated ({@code compare}, {@code audited}, {@code audit},
 *     {@code drain}), or empty for all ({@code leash.bench.only})
 * @param scenarios the scenarios to run, comma-separated ({@code authorize}, {@code poll}, {@code
 *     approve}, {@code capped}), or empty for all ({@code leash.bench.scenarios})
 * @param warmUp how long each server is loaded before a scenario's rounds: at least {@code
 *     leash.bench.warmup-seconds}, then until its JIT compiler is quiet, at most {@code
 *     leash.bench.warmup-max-seconds}
 * @param heap the JVM heap options of every server ({@code leash.bench.heap}): room for the codes a
 *     scenario leaves alive (each lives 600 s; vanilla issues over 5000 a second here), so that a
 *     run measures requests, not a heap filling up
 * @param profile whether to record every compared server with Java Flight Recorder, for each
 *     scenario's measured rounds ({@code leash.bench.profile})
 */
record BenchSettings(
    Path original,
    Path workDir,
    int clients,
    int rounds,
    Duration round,
    WarmUp warmUp,
    int pendingCodes,
    int drainAuthorizations,
    String only,
    String scenarios,
    String heap,
    boolean profile) {

  /** Load between two looks at a warming server's compiler. */
  static final Duration WARM_UP_SLICE = Duration.ofSeconds(15);

  static BenchSettings fromSystemProperties() {
    return new BenchSettings(
        Path.of(required("leash.keycloak.home")),
        Path.of(required("leash.bench.dir")),
        Integer.getInteger("leash.bench.clients", 16),
        Integer.getInteger("leash.bench.rounds", 3),
        Duration.ofSeconds(Integer.getInteger("leash.bench.round-seconds", 20)),
        new WarmUp(
            Duration.ofSeconds(Integer.getInteger("leash.bench.warmup-seconds", 60)),
            WARM_UP_SLICE,
            Duration.ofSeconds(Integer.getInteger("leash.bench.warmup-max-seconds", 600))),
        Integer.getInteger("leash.bench.pending-codes", 6000),
        Integer.getInteger("leash.bench.drain-authorizations", 3000),
        System.getProperty("leash.bench.only", ""),
        System.getProperty("leash.bench.scenarios", ""),
        System.getProperty("leash.bench.heap", "-Xms1g -Xmx4g"),
        Boolean.getBoolean("leash.bench.profile"));
  }

  /** Whether the part named {@code part} runs ({@code leash.bench.only} empty: every part). */
  boolean runs(String part) {
    return only.isBlank() || List.of(only.split(",")).contains(part);
  }

  /**
   * Whether the scenario named {@code scenario} runs ({@code leash.bench.scenarios} empty: every
   * scenario).
   */
  boolean measures(String scenario) {
    return scenarios.isBlank() || List.of(scenarios.split(",")).contains(scenario);
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property " + property + " is not set: use ./leash bench");
    }
    return value;
  }
}
