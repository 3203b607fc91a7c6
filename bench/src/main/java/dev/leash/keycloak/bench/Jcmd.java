package dev.leash.keycloak.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@code jcmd} against a server's JVM: the benchmark reads a running server's compiler
 * time with it, and writes its flight recording when profiling.
 */
final class Jcmd {

  private Jcmd() {}

  /** Runs {@code command} in the JVM {@code pid}; returns what it printed. */
  static String run(long pid, String... command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> arguments = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
    arguments.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", arguments) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("Could not run " + jcmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
