package dev.leash.keycloak.core;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long one cluster-wide run may go on: it starts no step once {@code budget} has passed, and no
 * step takes longer than {@code longestStep}, so the run ends within their sum. The cluster-wide
 * lock is held for that and a {@link #MARGIN} more ({@link #lockSeconds()}), so no other node
 * starts a second run while this one may still be working. Keycloak releases the lock as soon as
 * the run ends; the full time only passes when the node running it dies.
 *
 * @param budget time after which the run starts no new step
 * @param longestStep the longest a single step can take once started
 */
public record RunBudget(Duration budget, Duration longestStep) {

  /** Slack for what the bound does not count: the database work around the steps, a slow GC. */
  static final Duration MARGIN = Duration.ofSeconds(30);

  /** Seconds the cluster-wide lock must be held for a run bounded so. */
  public int lockSeconds() {
    return Math.toIntExact(budget.plus(longestStep).plus(MARGIN).toSeconds());
  }

  /** A run that starts now, timed by {@code nanoTime} (e.g. {@code System::nanoTime}). */
  public Run start(LongSupplier nanoTime) {
    return new Run(nanoTime, nanoTime.getAsLong(), budget.toNanos());
  }

  /** One run under the budget. */
  public static final class Run {

    private final LongSupplier nanoTime;
    private final long startedAt;
    private final long budgetNanos;

    private Run(LongSupplier nanoTime, long startedAt, long budgetNanos) {
      this.nanoTime = nanoTime;
      this.startedAt = startedAt;
      this.budgetNanos = budgetNanos;
    }

    /** Whether another step may start: the budget has not passed yet. */
    public boolean mayStartStep() {
      return nanoTime.getAsLong() - startedAt < budgetNanos;
    }

    /** How long the run has gone on so far. */
    public Duration elapsed() {
      return Duration.ofNanos(nanoTime.getAsLong() - startedAt);
    }
  }
}
