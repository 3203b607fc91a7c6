package dev.leash.keycloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompilerTimeTest {

  @Test
  void readsTheCompilerTimeInTicksOfTheTimerFrequency() {
    String counters =
        """
        java.ci.totalTime=79079667164
        sun.ci.totalCompiles=18492
        sun.os.hrt.frequency=1000000000
        """;

    assertEquals(Duration.ofNanos(79_079_667_164L), CompilerTime.parse(counters));
  }

  @Test
  void convertsOtherTimerFrequencies() {
    assertEquals(
        Duration.ofMillis(2500),
        CompilerTime.parse("sun.os.hrt.frequency=1000\njava.ci.totalTime=2500\n"));
  }

  @Test
  void refusesOutputWithoutTheCounters() {
    assertThrows(IllegalStateException.class, () -> CompilerTime.parse("Error: no such JVM"));
  }
}
