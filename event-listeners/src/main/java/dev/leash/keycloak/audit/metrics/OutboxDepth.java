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

  private final Map<Key, Map<String, Measurement>> measurements = new ConcurrentHashMap<>();
  private final Duration staleAfter;
  private final LongSupplier nanoTime;

  public OutboxDepth(Duration staleAfter, LongSupplier nanoTime) {
    this.staleAfter = staleAfter;
    this.nanoTime = nanoTime;
  }

  /**
   * {@code depth} entries of the realm wait for sink {@code sinkId} of type {@code type}. The gauge
   * is per realm and type: with several sinks of a type (a realm's webhooks), it shows the one
   * furthest behind.
   */
  public void measured(String realm, String type, String sinkId, long depth) {
    Key key = new Key(realm, type);
    Map<String, Measurement> sinks =
        measurements.computeIfAbsent(
            key,
            added -> {
              Gauge.builder(NAME, () -> value(added))
                  .description(
                      "Sealed audit entries not yet delivered to a sink (on the draining node)")
                  .tag("realm", realm)
                  .tag("sink", type)
                  .register(Metrics.globalRegistry);
              return new ConcurrentHashMap<>();
            });
    sinks.put(sinkId, new Measurement(depth, nanoTime.getAsLong()));
  }

  double value(Key key) {
    long now = nanoTime.getAsLong();
    return measurements.getOrDefault(key, Map.of()).values().stream()
        .filter(measurement -> now - measurement.at() <= staleAfter.toNanos())
        .mapToDouble(Measurement::depth)
        .max()
        .orElse(Double.NaN);
  }

  record Key(String realm, String sink) {}

  private record Measurement(long depth, long at) {}
}
