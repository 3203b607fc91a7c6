package dev.leash.keycloak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leash.keycloak.core.ReportBudget.Report;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportBudgetTest {

  private static final long HOUR_START = 1_800_000; // a multiple of 3600
  private final MapStore store = new MapStore();
  private final ReportBudget budget = new ReportBudget(3, 3600, 60);

  @Test
  void reportsEachOfTheFirstThenOneSamplePerWindow() {
    List<Report> reports = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      reports.add(budget.take(store, "grant.a", HOUR_START + 10));
    }
    assertEquals(
        List.of(Report.EACH, Report.EACH, Report.EACH, Report.SAMPLE, Report.NONE, Report.NONE),
        reports);
    assertEquals(Report.NONE, budget.take(store, "grant.a", HOUR_START + 59));
    assertEquals(Report.SAMPLE, budget.take(store, "grant.a", HOUR_START + 60));
    assertEquals(Report.NONE, budget.take(store, "grant.a", HOUR_START + 61));
  }

  @Test
  void aNewPeriodRenewsTheExactBudget() {
    for (int i = 0; i < 5; i++) {
      budget.take(store, "grant.a", HOUR_START + 10);
    }
    assertEquals(Report.EACH, budget.take(store, "grant.a", HOUR_START + 3600));
  }

  @Test
  void namesHaveBudgetsOfTheirOwn() {
    for (int i = 0; i < 5; i++) {
      budget.take(store, "grant.a", HOUR_START);
    }
    assertEquals(Report.EACH, budget.take(store, "grant.b", HOUR_START));
  }

  @Test
  void storeKeysStayBoundedHoweverManyOccurrences() {
    for (int second = 0; second < 600; second++) {
      for (int i = 0; i < 100; i++) {
        budget.take(store, "grant.a", HOUR_START + second);
      }
    }
    // 3 exact slots and one sample key per minute of the ten: nothing per occurrence.
    assertEquals(3 + 10, store.lifespans.size());
  }

  @Test
  void sampleKeysLiveUntilTheirWindowEnds() {
    for (int i = 0; i < 4; i++) {
      budget.take(store, "grant.a", HOUR_START + 75);
    }
    assertEquals(45L, store.lifespans.get("grant.a.sample." + (HOUR_START + 75) / 60));
  }
}
