package dev.leash.keycloak.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles and medians over plain arrays; no histogram library needed. */
final class Percentiles {

  private Percentiles() {}

  /**
   * The nearest-rank {@code percent} percentile of {@code values} (which need not be sorted): the
   * smallest value with at least {@code percent}% of the values at or below it; 0 when empty.
   */
  static long of(long[] values, double percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
    }
    if (values.length == 0) {
      return 0;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(1, rank) - 1];
  }

  /** The median of {@code values} (mean of the middle two for an even count); NaN when empty. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
