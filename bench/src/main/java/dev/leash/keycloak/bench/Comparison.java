package dev.leash.keycloak.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Alternating rounds of one scenario against a baseline server and a candidate (vanilla Keycloak
 * and Keycloak with Leash), summarised by the median of each figure over the rounds: medians shrug
 * off a round slowed by something else on the machine.
 */
record Comparison(
    String scenario,
    String unit,
    Duration baselineWarmUp,
    List<Round> baseline,
    Duration candidateWarmUp,
    List<Round> candidate) {

  /** Leash costs under 5% throughput: ratio at least 0.95. */
  static final double THROUGHPUT_GOAL = 0.95;

  /** Leash adds under 2 ms to the 99th percentile. */
  static final double ADDED_P99_GOAL_MILLIS = 2.0;

  double baselineRate() {
    return median(baseline, this::rate);
  }

  double candidateRate() {
    return median(candidate, this::rate);
  }

  /** Candidate throughput over baseline throughput (1.0: no cost). */
  double ratio() {
    return candidateRate() / baselineRate();
  }

  double baselineP50() {
    return median(baseline, Round::p50Millis);
  }

  double candidateP50() {
    return median(candidate, Round::p50Millis);
  }

  double baselineP99() {
    return median(baseline, Round::p99Millis);
  }

  double candidateP99() {
    return median(candidate, Round::p99Millis);
  }

  /** Milliseconds the candidate adds to the median p99 (negative: faster). */
  double addedP99() {
    return candidateP99() - baselineP99();
  }

  /** Candidate p99 over baseline p99. */
  double p99Ratio() {
    return candidateP99() / baselineP99();
  }

  double baselineCpuPerOp() {
    return median(baseline, Round::cpuMicrosPerOp);
  }

  double candidateCpuPerOp() {
    return median(candidate, Round::cpuMicrosPerOp);
  }

  boolean meetsGoal() {
    return ratio() >= THROUGHPUT_GOAL && addedP99() < ADDED_P99_GOAL_MILLIS;
  }

  long unexpected() {
    return baseline.stream().mapToLong(Round::unexpected).sum()
        + candidate.stream().mapToLong(Round::unexpected).sum();
  }

  private double rate(Round round) {
    return "/min".equals(unit) ? round.perMinute() : round.perSecond();
  }

  private static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
    return Percentiles.median(rounds.stream().map(figure::applyAsDouble).toList());
  }
}
