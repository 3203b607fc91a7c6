package dev.leash.keycloak.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentilesTest {

  private static final long[] ONE_TO_HUNDRED = LongStream.rangeClosed(1, 100).toArray();

  @ParameterizedTest
  @CsvSource({"50, 50", "99, 99", "100, 100", "1, 1", "99.5, 100", "0.5, 1"})
  void nearestRankOfOneToHundred(double percent, long expected) {
    assertEquals(expected, Percentiles.of(ONE_TO_HUNDRED, percent));
  }

  @Test
  void unsortedInputIsLeftAlone() {
    long[] values = {30, 10, 20};
    assertEquals(20, Percentiles.of(values, 50));
    assertEquals(30, values[0]);
  }

  @Test
  void aSingleSlowRequestIsTheP99OfFewRequests() {
    long[] values = {1, 1, 1, 1, 1, 1, 1, 1, 1, 500};
    assertEquals(1, Percentiles.of(values, 50));
    assertEquals(500, Percentiles.of(values, 99));
  }

  @Test
  void emptyIsZeroAndNonsensePercentsAreRefused() {
    assertEquals(0, Percentiles.of(new long[0], 99));
    assertThrows(IllegalArgumentException.class, () -> Percentiles.of(ONE_TO_HUNDRED, 0));
    assertThrows(IllegalArgumentException.class, () -> Percentiles.of(ONE_TO_HUNDRED, 101));
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2.0, Percentiles.median(List.of(3.0, 1.0, 2.0)));
    assertEquals(2.5, Percentiles.median(List.of(4.0, 1.0, 2.0, 3.0)));
    assertTrue(Double.isNaN(Percentiles.median(List.of())));
  }
}
