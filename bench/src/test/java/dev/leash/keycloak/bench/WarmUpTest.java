package dev.leash.keycloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpTest {

  private static final WarmUp RULE =
      new WarmUp(Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(600));

  private final List<Duration> loads = new ArrayList<>();

  /** Runs the rule against a compiler whose total time is {@code seconds}, one value per look. */
  private Duration warmUp(double... seconds) {
    Iterator<Double> totals = java.util.Arrays.stream(seconds).boxed().iterator();
    return RULE.perform(loads::add, () -> Duration.ofMillis(Math.round(totals.next() * 1000)));
  }

  @Test
  void endsAfterTheMinimumAndTwoQuietSlicesWhenCompilationIsOver() {
    assertEquals(Duration.ofSeconds(90), warmUp(60, 60.1, 60.5));
    assertEquals(List.of(60L, 15L, 15L), seconds(loads));
  }

  @Test
  void goesOnWhileTheCompilerIsBusyAndABusySliceStartsTheCountAgain() {
    // 12.4 s, 4.7 s, 0.4 s, 2.1 s (busy again), 0.2 s, 0.5 s of compiling per 15 s slice.
    assertEquals(Duration.ofSeconds(150), warmUp(100, 112.4, 117.1, 117.5, 119.6, 119.8, 120.3));
  }

  @Test
  void stopsAtTheMaximumEvenWhenNeverQuiet() {
    double[] busy = new double[40];
    for (int look = 0; look < busy.length; look++) {
      busy[look] = look * 10.0;
    }
    assertEquals(Duration.ofSeconds(600), warmUp(busy));
  }

  @Test
  void aSliceIsQuietUnderFivePercentOfItsTimeCompiling() {
    assertEquals(true, RULE.isQuiet(Duration.ofMillis(749)));
    assertEquals(false, RULE.isQuiet(Duration.ofMillis(750)));
  }

  private static List<Long> seconds(List<Duration> durations) {
    return durations.stream().map(Duration::toSeconds).toList();
  }
}
