package dev.leash.keycloak.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void tablesShowMediansRatioAndGoalThenEveryRound() {
    Report report = new Report(List.of("## Run", "header line"));
    report.add(
        new Report.Table(
            "Leash vs vanilla",
            "vanilla",
            "Leash",
            true,
            List.of(
                ComparisonTest.comparison(
                    "device authorization",
                    "/s",
                    List.of(ComparisonTest.round("vanilla", 1000, 10)),
                    List.of(ComparisonTest.round("Leash", 900, 13))))));
    report.add(new Report.Table("Nothing measured", "a", "b", false, List.of()));
    report.add(new Report.Drain("PostgreSQL", 3000, 1.5));

    String markdown = report.markdown();

    assertTrue(markdown.startsWith("## Run\nheader line\n"), markdown);
    assertTrue(
        markdown.contains(
            "| device authorization | 100.0 /s | 90.0 /s | 0.900 | 10.00 / 13.00 | 10.00 / 13.00"
                + " | +3.00 ms | 1000 / 1000 | 60 / 60 | **no** |"),
        markdown);
    assertTrue(markdown.contains("| PostgreSQL | 3000 | 1.50 | 2000 |"), markdown);
    assertFalse(markdown.contains("Nothing measured"), markdown);
    assertTrue(
        markdown.contains(
            "| Leash vs vanilla | device authorization | 1 | Leash | 900 | 0 | 10.0 | 90.0 /s |"
                + " 13.00 | 13.00 | 1000 |"),
        markdown);
  }
}
