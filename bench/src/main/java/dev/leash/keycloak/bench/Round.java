package dev.leash.keycloak.bench;

/**
 * One measurement round against one server: how many operations ended as expected ({@code ok}), how
 * many did not, in how long, and the latency of every expected one.
 *
 * @param latencyNanos the latency of each {@code ok} operation, in no particular order
 */
record Round(String server, long ok, long unexpected, long elapsedNanos, long[] latencyNanos) {

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
