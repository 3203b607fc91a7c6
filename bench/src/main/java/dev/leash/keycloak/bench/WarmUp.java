package dev.leash.keycloak.bench;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How long a server is loaded before it is measured: at least {@code minimum}, then slice by slice
 * until its JIT compiler has been quiet (under {@link #QUIET_SHARE} of a slice's time spent
 * compiling) for {@link #QUIET_SLICES} slices in a row, at most {@code maximum} in all.
 *
 * <p>A fixed warm-up is unfair to the slower server: code is compiled after enough calls, not after
 * enough time, so a server answering a fifth as many requests is still compiling when the faster
 * one has long finished (a Leash server with the audit trail compiled for 4 to 5 minutes under
 * load, vanilla for about one, and Leash's CPU per request fell 2117 → 785 µs meanwhile).
 *
 * @param minimum load before the compiler is first asked
 * @param slice load between two looks at the compiler
 * @param maximum the longest warm-up, quiet or not
 */
record WarmUp(Duration minimum, Duration slice, Duration maximum) {

  /** A slice is quiet when the compiler worked under 5% of it (all compiler threads summed). */
  static final double QUIET_SHARE = 0.05;

  /** Quiet slices in a row that end the warm-up. */
  static final int QUIET_SLICES = 2;

  /**
   * Loads the server with {@code load} (which runs for the duration it is given) until it is warm;
   * returns how long it was loaded.
   */
  Duration perform(Consumer<Duration> load, Supplier<Duration> compilerTime) {
    load.accept(minimum);
    Duration spent = minimum;
    Duration compiled = compilerTime.get();
    int quiet = 0;
    while (quiet < QUIET_SLICES && spent.compareTo(maximum) < 0) {
      load.accept(slice);
      spent = spent.plus(slice);
      Duration now = compilerTime.get();
      quiet = isQuiet(now.minus(compiled)) ? quiet + 1 : 0;
      compiled = now;
    }
    return spent;
  }

  /** Whether the compiler working {@code compiling} during a slice leaves that slice quiet. */
  boolean isQuiet(Duration compiling) {
    return compiling.toNanos() < QUIET_SHARE * slice.toNanos();
  }
}
