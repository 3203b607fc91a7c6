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

  /** CPU time the JVM has used so far, all threads, user and system; -1 when the OS won't say. */
  long cpuNanos() {
    return handle.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
  }
}
