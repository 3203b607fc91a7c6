package dev.leash.keycloak.bench;

import dev.leash.keycloak.testsupport.KeycloakServer;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Java Flight Recorder on the Leash server. The recording starts with the server's JVM ({@link
 * #JVM_OPTION}), not when a scenario's measured rounds begin: starting one on a warm server sent
 * its JIT compiler back to work, and the profiled rounds measured that (6156 µs of CPU per device
 * request against about 700 unprofiled). After the rounds, {@link Jcmd} writes what was recorded
 * since they began, for {@link ProfileSummary}.
 */
final class Profiler {

  private static final String RECORDING = "leash-bench";

  /**
   * Starts the recording with the JVM. It keeps 20 minutes, longer than the longest warm-up and
   * rounds of a scenario; the server is started again before each scenario, with a new recording.
   */
  static final String JVM_OPTION =
      "-XX:StartFlightRecording=name=" + RECORDING + ",settings=profile,maxage=20m";

  private final long pid;

  private Profiler(long pid) {
    this.pid = pid;
  }

  /** The server's JVM, started with {@link #JVM_OPTION}. */
  static Profiler of(KeycloakServer server) {
    return new Profiler(ServerProcess.of(server).pid());
  }

  /** Writes to {@code file} what the recording holds from {@code from} on. */
  void dump(Instant from, Path file) {
    Jcmd.run(
        pid, "JFR.dump", "name=" + RECORDING, "begin=" + from, "filename=" + file.toAbsolutePath());
  }
}
