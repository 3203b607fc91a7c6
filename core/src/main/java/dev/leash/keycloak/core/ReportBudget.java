package dev.leash.keycloak.core;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * How often one kind of repeated refusal (the rejected polls of one grant for one reason, the
 * refused device requests of one agent for one error) is reported to logs, event stores and the
 * audit record, so a misbehaving client cannot turn its requests into unbounded volume there: each
 * of the first {@code exact} in a period is reported, after that one per sample window. Counted in
 * Keycloak's single-use object store ({@link WindowCounter} slots and one key per sample window),
 * so the budget holds across cluster nodes, and its keys expire on their own.
 */
public final class ReportBudget {

  /** Whether an occurrence is reported, and how. */
  public enum Report {
    /** One of the first of the period: reported, and counts so far are exact. */
    EACH,
    /** The first after the exact budget in its sample window: reported as a sample. */
    SAMPLE,
    /** Neither: answered, but not reported. */
    NONE
  }

  private final int exact;
  private final long periodSeconds;
  private final long sampleSeconds;

  /**
   * @param exact occurrences reported each, per period
   * @param periodSeconds length of the fixed windows the exact budget renews in
   * @param sampleSeconds after the exact budget, at most one report per window of this length
   */
  public ReportBudget(int exact, long periodSeconds, long sampleSeconds) {
    this.exact = exact;
    this.periodSeconds = periodSeconds;
    this.sampleSeconds = sampleSeconds;
  }

  /** Takes the report of one occurrence under {@code name} at {@code now} (epoch seconds). */
  public Report take(SingleUseObjectProvider store, String name, long now) {
    if (WindowCounter.tryCount(store, name + ".each", exact, periodSeconds, now)) {
      return Report.EACH;
    }
    String sampleKey = name + ".sample." + now / sampleSeconds;
    return store.putIfAbsent(sampleKey, WindowCounter.secondsLeft(sampleSeconds, now))
        ? Report.SAMPLE
        : Report.NONE;
  }
}
