package dev.leash.keycloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadDriverTest {

  @Test
  void countsUnexpectedAnswersApartAndGoesOn() {
    AtomicLong calls = new AtomicLong();
    Round round =
        new LoadDriver(2)
            .run(
                "test",
                client -> {
                  TimeUnit.MILLISECONDS.sleep(1); // a request's worth of time, not a busy loop
                  if (calls.incrementAndGet() % 2 == 0) {
                    throw new UnexpectedAnswer("Every second call");
                  }
                  return 1_000;
                },
                Duration.ofMillis(100));

    assertTrue(round.ok() > 0, "expected answers are timed");
    assertTrue(round.unexpected() > 0, "unexpected ones are counted");
    assertEquals(calls.get(), round.ok() + round.unexpected());
  }
}
