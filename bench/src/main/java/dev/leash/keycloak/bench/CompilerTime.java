package dev.leash.keycloak.bench;

import java.time.Duration;

/**
 * How long a JVM's JIT compiler has worked so far, from the performance counters {@code jstat}
 * reads too ({@code java.ci.totalTime} in ticks of {@code sun.os.hrt.frequency} per second).
 */
final class CompilerTime {

  private static final String TOTAL_TIME = "java.ci.totalTime=";
  private static final String FREQUENCY = "sun.os.hrt.frequency=";

  private CompilerTime() {}

  /** The compiler time of the JVM {@code pid} so far. */
  static Duration of(long pid) {
    return parse(Jcmd.run(pid, "PerfCounter.print"));
  }

  /** The compiler time in the output of {@code jcmd PerfCounter.print}. */
  static Duration parse(String counters) {
    long ticks = counter(counters, TOTAL_TIME);
    long perSecond = counter(counters, FREQUENCY);
    if (perSecond <= 0) {
      throw new IllegalStateException("Timer frequency is not positive: " + perSecond);
    }
    return Duration.ofSeconds(ticks / perSecond, (ticks % perSecond) * 1_000_000_000L / perSecond);
  }

  private static long counter(String counters, String prefix) {
    return counters
        .lines()
        .filter(line -> line.startsWith(prefix))
        .map(line -> Long.parseLong(line.substring(prefix.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("No counter " + prefix + " in jcmd output"));
  }
}
