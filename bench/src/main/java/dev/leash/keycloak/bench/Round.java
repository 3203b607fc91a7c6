package dev.leash.keycloak.bench;

/**
 * One measurement round against one server: how many operations ended as expected ({@code ok}), how
 * many did not, in how long, the latency of every expected one, and the CPU time the server's JVM
 * used meanwhile (request threads and background work alike).
 *
 * @param latencyNanos the latency of each {@code ok} operation, in no particular order
 * @param serverCpuNanos CPU time of the server's JVM during the round; -1 when unknown
 */
record Round(
    String server,
    long ok,
    long unexpected,
    long elapsedNanos,
    long[] latencyNanos,
    long serverCpuNanos) {

  /** The same round with the server's CPU time during it. */
  Round withServerCpu(long nanos) {
    return new Round(server, ok, unexpected, elapsedNanos, latencyNanos, nanos);
  }

  /**
   * Server CPU time per expected operation, in microseconds: what a request costs the server,
   * whatever else shares the machine; NaN when unknown.
   */
  double cpuMicrosPerOp() {
    return serverCpuNanos < 0 || ok == 0 ? Double.NaN : serverCpuNanos / 1e3 / ok;
  }

  double perSecond() {
    return elapsedNanos == 0 ? 0 : ok * 1e9 / elapsedNanos;
  }

  double perMinute() {
    return perSecond() * 60;
  }

  double p50Millis() {
    return Percentiles.of(latencyNanos, 50) / 1e6;
  }

  double p99Millis() {
    return Percentiles.of(latencyNanos, 99) / 1e6;
  }
}
