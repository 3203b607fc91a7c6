package dev.leash.keycloak.bench;

import dev.leash.keycloak.testsupport.KeycloakServer;
import java.nio.file.Path;

/**
 * Java Flight Recorder on a running server, through {@link Jcmd}: records while a scenario is
 * measured, then writes the recording for {@link ProfileSummary}.
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
    Jcmd.run(pid, "JFR.start", "name=" + name, "settings=profile");
  }

  void stop(String name, Path file) {
    Jcmd.run(pid, "JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
  }
}
