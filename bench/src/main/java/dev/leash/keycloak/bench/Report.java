package dev.leash.keycloak.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The benchmark's results as Markdown: comparison tables, then every round's raw figures. */
final class Report {

  /**
   * A table of comparisons between two servers (or two set-ups of one server); {@code judged}: the
   * issue's goal applies, so the table says whether each row meets it.
   */
  record Table(
      String title,
      String baselineName,
      String candidateName,
      boolean judged,
      List<Comparison> rows) {}

  /** The drainer's throughput on one database. */
  record Drain(String database, long entries, double seconds) {

    double perSecond() {
      return entries / seconds;
    }
  }

  private final List<String> header;
  private final List<Table> tables = new ArrayList<>();
  private final List<Drain> drains = new ArrayList<>();

  Report(List<String> header) {
    this.header = List.copyOf(header);
  }

  /** Adds {@code table}, unless no scenario of it ran. */
  void add(Table table) {
    if (!table.rows().isEmpty()) {
      tables.add(table);
    }
  }

  void add(Drain drain) {
    drains.add(drain);
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    header.forEach(line -> out.append(line).append('\n'));
    for (Table table : tables) {
      out.append("\n### ").append(table.title()).append("\n\n");
      out.append("| scenario | ")
          .append(table.baselineName())
          .append(" | ")
          .append(table.candidateName())
          .append(" | ratio | p50 ms (")
          .append(table.baselineName())
          .append(" / ")
          .append(table.candidateName())
          .append(") | p99 ms (")
          .append(table.baselineName())
          .append(" / ")
          .append(table.candidateName())
          .append(") | p99 added | server CPU µs per operation (")
          .append(table.baselineName())
          .append(" / ")
          .append(table.candidateName())
          .append(") | warm-up s (")
          .append(table.baselineName())
          .append(" / ")
          .append(table.candidateName())
          .append(") |")
          .append(table.judged() ? " goal met |\n" : "\n");
      out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
          .append(table.judged() ? "---|\n" : "\n");
      for (Comparison row : table.rows()) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.1f %s | %.1f %s | %.3f | %.2f / %.2f | %.2f / %.2f | %+.2f ms | %.0f / %.0f"
                    + " | %d / %d |%s%n",
                row.scenario(),
                row.baselineRate(),
                row.unit(),
                row.candidateRate(),
                row.unit(),
                row.ratio(),
                row.baselineP50(),
                row.candidateP50(),
                row.baselineP99(),
                row.candidateP99(),
                row.addedP99(),
                row.baselineCpuPerOp(),
                row.candidateCpuPerOp(),
                row.baselineWarmUp().toSeconds(),
                row.candidateWarmUp().toSeconds(),
                !table.judged() ? "" : row.meetsGoal() ? " yes |" : " **no** |"));
      }
    }
    if (!drains.isEmpty()) {
      out.append(
          "\n### Audit drainer throughput (entries sealed and written to the file sink)\n\n");
      out.append("| database | entries | seconds | entries/s |\n|---|---:|---:|---:|\n");
      for (Drain drain : drains) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %.2f | %.0f |%n",
                drain.database(),
                drain.entries(),
                drain.seconds(),
                drain.perSecond()));
      }
    }
    out.append("\n### Every round\n\n");
    out.append(
        "| table | scenario | round | server | ok | unexpected | seconds | rate | p50 ms | p99 ms |"
            + " server CPU µs/op |\n");
    out.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Table table : tables) {
      for (Comparison row : table.rows()) {
        appendRounds(out, table.title(), row, row.baseline());
        appendRounds(out, table.title(), row, row.candidate());
      }
    }
    return out.toString();
  }

  private static void appendRounds(
      StringBuilder out, String table, Comparison row, List<Round> rounds) {
    for (int i = 0; i < rounds.size(); i++) {
      Round round = rounds.get(i);
      double rate = "/min".equals(row.unit()) ? round.perMinute() : round.perSecond();
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %s | %d | %d | %.1f | %.1f %s | %.2f | %.2f | %.0f |%n",
              table,
              row.scenario(),
              i + 1,
              round.server(),
              round.ok(),
              round.unexpected(),
              round.elapsedNanos() / 1e9,
              rate,
              row.unit(),
              round.p50Millis(),
              round.p99Millis(),
              round.cpuMicrosPerOp()));
    }
  }
}
