package dev.leash.keycloak.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The report's header: when, on what, with which versions and settings. */
final class Machine {

  private Machine() {}

  static List<String> describe(BenchSettings settings) {
    List<String> lines = new ArrayList<>();
    lines.add("## Run of " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
    lines.add("");
    lines.add("| | |");
    lines.add("|---|---|");
    lines.add(
        "| machine | "
            + cpu()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores, "
            + memory()
            + " |");
    lines.add(
        "| system | "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + ", Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + ") |");
    lines.add(
        "| versions | Keycloak "
            + System.getProperty("leash.keycloak.version", "?")
            + ", Leash commit "
            + System.getProperty("leash.bench.commit", "?")
            + " |");
    lines.add(
        String.format(
            "| load | %d clients, closed loop; each server warmed up per scenario for at least %d"
                + " s, then until its JIT compiler spent under %.0f%% of %d s compiling %d times in"
                + " a row (at most %d s), then %d alternating rounds of %d s per server |",
            settings.clients(),
            settings.warmUp().minimum().toSeconds(),
            WarmUp.QUIET_SHARE * 100,
            settings.warmUp().slice().toSeconds(),
            WarmUp.QUIET_SLICES,
            settings.warmUp().maximum().toSeconds(),
            settings.rounds(),
            settings.round().toSeconds()));
    lines.add("| server heap | `" + settings.heap() + "` (both servers) |");
    lines.add("| load average at start | " + loadAverage() + " |");
    return lines;
  }

  private static String cpu() {
    return firstLine(Path.of("/proc/cpuinfo"), "model name").replaceFirst("^[^:]*:\\s*", "");
  }

  private static String memory() {
    String total = firstLine(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", "");
    return total.isEmpty() ? "? RAM" : (Long.parseLong(total) / 1024 / 1024) + " GiB RAM";
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  private static String firstLine(Path file, String prefix) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith(prefix))
          .findFirst()
          .orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }
}
