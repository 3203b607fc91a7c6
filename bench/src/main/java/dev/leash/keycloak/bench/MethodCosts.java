package dev.leash.keycloak.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The execution samples of one server, per method: how many had the method anywhere on the stack
 * (inclusive, counted once per sample even when it recurses) and how many had it on top (own time).
 * {@link #microsPerOp} turns a count into CPU time per operation, by the method's share of the
 * samples times the CPU the server spent per operation, so two servers' profiles can be compared
 * even when their recordings hold different numbers of samples.
 */
final class MethodCosts {

  private final Map<String, Integer> inclusive = new HashMap<>();
  private final Map<String, Integer> own = new HashMap<>();
  private int samples;

  /** Adds one sample; {@code frames} top first, as a flight recording lists them. */
  void add(List<String> frames) {
    if (frames.isEmpty()) {
      return;
    }
    samples++;
    own.merge(frames.get(0), 1, Integer::sum);
    Set<String> seen = new HashSet<>();
    for (String frame : frames) {
      if (seen.add(frame)) {
        inclusive.merge(frame, 1, Integer::sum);
      }
    }
  }

  int samples() {
    return samples;
  }

  /** Methods by the samples with them on the stack. */
  Map<String, Integer> inclusive() {
    return inclusive;
  }

  /** Methods by the samples with them on top. */
  Map<String, Integer> own() {
    return own;
  }

  /** {@code count} of this server's samples as CPU µs per operation. */
  double microsPerOp(int count, double cpuMicrosPerOp) {
    return samples == 0 ? 0 : cpuMicrosPerOp * count / samples;
  }
}
