package dev.leash.keycloak.bench;

import dev.leash.keycloak.testsupport.KeycloakServer;
import java.time.Duration;

/**
 * The JVM of a running server, found by the HTTP port on its command line ({@code kc.sh} starts it
 * as a child process): for the CPU time it used, and for {@link Profiler}.
 */
record ServerProcess(ProcessHandle handle) {

  static ServerProcess of(KeycloakServer server) {
    String port = "--http-port=" + server.baseUri().getPort();
    return new ServerProcess(
        ProcessHandle.allProcesses()
            .filter(process -> process.info().command().orElse("").endsWith("java"))
            .filter(process -> process.info().commandLine().orElse("").contains(port))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No JVM serving " + server.baseUri())));
  }

  long pid() {
    return handle.pid();
  }

  /**
   * Waits until the JVM is idle: less than {@code share} of one core used over a second, so work
   * left from earlier load (the audit drainer's backlog, compilation, a collection) is not counted
   * in the next measurement. Gives up after {@code limit}; returns whether it became idle.
   */
  boolean awaitIdle(double share, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      long cpuBefore = cpuNanos();
      long before = System.nanoTime();
      Thread.sleep(1000);
      long used = cpuNanos() - cpuBefore;
      if (cpuBefore < 0 || used < share * (System.nanoTime() - before)) {
        return true;
      }
    }
    return false;
  }

  /** CPU time the JVM has used so far, all threads, user and system; -1 when the OS won't say. */
  long cpuNanos() {
    return handle.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }
}
