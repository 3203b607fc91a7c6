package dev.leash.keycloak.bench;

import dev.leash.keycloak.testsupport.KeycloakServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Java Flight Recorder on a running server, through {@code jcmd} (the JDK's own tool), so the
 * server needs no start-up option: records while a scenario is measured, then writes the recording
 * for {@link ProfileSummary}.
 */
final class Profiler {

  private final long pid;

  private Profiler(long pid) {
    this.pid = pid;
  }

  /** The server's JVM. */
  static Profiler of(KeycloakServer server) {
    return new Profiler(ServerProcess.of(server).pid());
  }

  void start(String name) {
    jcmd("JFR.start", "name=" + name, "settings=profile");
  }

  void stop(String name, Path file) {
    jcmd("JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
  }

  private void jcmd(String... command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    List<String> arguments =
        new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
    arguments.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(arguments).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", arguments) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Could not run " + jcmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
