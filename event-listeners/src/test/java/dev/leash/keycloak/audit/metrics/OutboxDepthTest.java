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
    depth.measured("outbox-depth-test", "webhook", "webhook", 7);
    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    assertEquals(7.0, depth.value(key));

    depth.measured("outbox-depth-test", "webhook", "webhook", 0);
    assertEquals(0.0, depth.value(key));
  }

  @Test
  void severalSinksOfATypeShowTheOneFurthestBehind() {
    depth.measured("outbox-depth-test", "webhook", "webhook", 2);
    depth.measured("outbox-depth-test", "webhook", "webhook:siem", 9);
    assertEquals(9.0, depth.value(key));

    nanos.addAndGet(Duration.ofSeconds(30).toNanos());
    depth.measured("outbox-depth-test", "webhook", "webhook", 3);
    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    assertEquals(3.0, depth.value(key), "a sink no longer measured (deleted) drops out");
  }

  @Test
  void aStaleMeasurementHasNoValue() {
    depth.measured("outbox-depth-test", "webhook", "webhook", 7);
    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    assertTrue(Double.isNaN(depth.value(key)));
  }
}
