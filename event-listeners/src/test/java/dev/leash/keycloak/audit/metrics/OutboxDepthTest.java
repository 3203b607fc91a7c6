package dev.leash.keycloak.audit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutboxDepthTest {

  private final AtomicLong nanos = new AtomicLong();
  private final OutboxDepth depth = new OutboxDepth(Duration.ofSeconds(60), nanos::get);
  private final OutboxDepth.Key key = new OutboxDepth.Key("outbox-depth-test", "webhook");

  @Test
  void reportsTheLastMeasurementWhileItIsFresh() {
    depth.measured("outbox-depth-test", "webhook", 7);
    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    assertEquals(7.0, depth.value(key));

    depth.measured("outbox-depth-test", "webhook", 0);
    assertEquals(0.0, depth.value(key));
  }

  @Test
  void aStaleMeasurementHasNoValue() {
    depth.measured("outbox-depth-test", "webhook", 7);
    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    assertTrue(Double.isNaN(depth.value(key)));
  }
}
