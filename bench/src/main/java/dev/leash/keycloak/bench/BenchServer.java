package dev.leash.keycloak.bench;

import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.StandaloneKeycloak;
import java.nio.file.Path;
import java.util.List;

/**
 * One compared server, started again (same copy, database and options) before each scenario: device
 * codes live 600 s, so a scenario would otherwise run beside the hundreds of thousands of codes the
 * one before it left in the server's memory, and measure its garbage collector (in a run without
 * restarts, the Leash server spent 351 s in 497 full collections).
 */
final class BenchServer implements AutoCloseable {

  private final Path home;
  private final Path logs;
  private final List<String> options;
  private final String jvmOptions;
  private KeycloakServer running;

  private BenchServer(
      Path home, Path logs, List<String> options, String jvmOptions, KeycloakServer running) {
    this.home = home;
    this.logs = logs;
    this.options = options;
    this.jvmOptions = jvmOptions;
    this.running = running;
  }

  /**
   * Prepares the copy at {@code home} (with or without the pack) and starts it with {@code
   * jvmOptions}: the heap options, and the flight recorder's when profiling (kc.sh hands its heap
   * options to the JVM as they are).
   */
  static BenchServer start(
      Path original,
      Path home,
      boolean withLeash,
      Path logs,
      List<String> options,
      String jvmOptions) {
    return new BenchServer(
        home,
        logs,
        options,
        jvmOptions,
        StandaloneKeycloak.start(
            original, home, withLeash, logs, "start-dev", options, jvmOptions));
  }

  KeycloakServer current() {
    return running;
  }

  void restart() {
    running.close();
    running = StandaloneKeycloak.startAgain(home, logs, "start-dev", options, jvmOptions);
  }

  @Override
  public void close() {
    running.close();
  }
}
