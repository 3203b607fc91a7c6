package dev.leash.keycloak.audit.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The gauge {@code leash.audit.outbox.depth}: sealed entries of a realm not yet delivered to a
 * sink, as this node's drainer last measured them. A measurement older than {@code staleAfter}
 * reads as NaN (no value), since another node may be draining now: only the node that runs the
 * drainer reports a number.
 */
public final class OutboxDepth {

  static final String NAME = "leash.audit.outbox.depth";

  private final Map<Key, Measurement> measurements = new ConcurrentHashMap<>();
  private final Duration staleAfter;
  private final LongSupplier nanoTime;

  public OutboxDepth(Duration staleAfter, LongSupplier nanoTime) {
    this.staleAfter = staleAfter;
    this.nanoTime = nanoTime;
  }

  /** {@code depth} entries of the realm wait for {@code sink}. */
  public void measured(String realm, String sink, long depth) {
    Key key = new Key(realm, sink);
    if (measurements.put(key, new Measurement(depth, nanoTime.getAsLong())) == null) {
      Gauge.builder(NAME, () -> value(key))
          .description("Sealed audit entries not yet delivered to a sink (on the draining node)")
          .tag("realm", realm)
          .tag("sink", sink)
          .register(Metrics.globalRegistry);
    }
  }

  double value(Key key) {
    Measurement measurement = measurements.get(key);
    if (measurement == null || nanoTime.getAsLong() - measurement.at() > staleAfter.toNanos()) {
      return Double.NaN;
    }
    return measurement.depth();
  }

  record Key(String realm, String sink) {}

  private record Measurement(long depth, long at) {}
}
