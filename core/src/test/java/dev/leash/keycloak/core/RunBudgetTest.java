package dev.leash.keycloak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunBudgetTest {

  private final RunBudget budget = new RunBudget(Duration.ofSeconds(30), Duration.ofSeconds(50));
  private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - Duration.ofSeconds(5).toNanos());

  @Test
  void stepsStartUntilTheBudgetHasPassed() {
    RunBudget.Run run = budget.start(nanos::get);
    assertTrue(run.mayStartStep(), "at the start");
    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    assertTrue(run.mayStartStep(), "29 s in (across a wrap of nanoTime)");
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertFalse(run.mayStartStep(), "30 s in");
    nanos.addAndGet(Duration.ofMinutes(10).toNanos());
    assertFalse(run.mayStartStep(), "and after");
  }

  @Test
  void aZeroBudgetStartsNoStep() {
    assertFalse(
        new RunBudget(Duration.ZERO, Duration.ofSeconds(1)).start(nanos::get).mayStartStep());
  }

  @Test
  void theLockOutlastsTheBudgetAndTheLongestStep() {
    assertEquals(30 + 50 + 30, budget.lockSeconds());
    assertTrue(budget.lockSeconds() > budget.budget().plus(budget.longestStep()).toSeconds());
  }

  @Test
  void eachRunHasItsOwnStart() {
    RunBudget.Run first = budget.start(nanos::get);
    nanos.addAndGet(Duration.ofSeconds(40).toNanos());
    RunBudget.Run second = budget.start(nanos::get);
    assertFalse(first.mayStartStep());
    assertTrue(second.mayStartStep());
  }

  @Test
  void aRunKnowsHowLongItHasGoneOn() {
    RunBudget.Run run = budget.start(nanos::get);
    assertEquals(Duration.ZERO, run.elapsed());
    nanos.addAndGet(Duration.ofMillis(1500).toNanos());
    assertEquals(Duration.ofMillis(1500), run.elapsed(), "across a wrap of nanoTime");
  }
}
