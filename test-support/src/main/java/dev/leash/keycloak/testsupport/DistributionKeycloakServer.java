package dev.leash.keycloak.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Keycloak from an unpacked {@code keycloak-quarkus-dist}, started as a process on free loopback
 * ports: {@code kc.sh start-dev} with an in-memory database for most tests, or {@code kc.sh start}
 * (production mode) for a cluster node. Start-up re-augments only when the providers or build
 * options changed since the last start, so a re-run with the same pack starts in seconds.
 */
final class DistributionKeycloakServer implements KeycloakServer {

  private static final Logger LOG = Logger.getLogger("dev.leash.keycloak.it");

  /** Four minutes, or {@code leash.it.startup-timeout-seconds} (a machine under heavy load). */
  private static final Duration STARTUP_TIMEOUT =
      Duration.ofSeconds(Long.getLong("leash.it.startup-timeout-seconds", 240));

  /**
   * A restarted cluster node also joins its cluster and receives the caches' state before it is
   * ready: on a two-core machine under heavy load (load average 34) that took more than 4 minutes.
   */
  private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(8);

  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private final ProcessBuilder builder;
  private volatile Process process;
  private final Thread shutdownHook;
  private final URI baseUri;
  private final URI managementUri;
  private final Path logFile;

  private DistributionKeycloakServer(
      ProcessBuilder builder, int httpPort, int managementPort, Path logFile) throws IOException {
    this.builder = builder;
    this.process = builder.start();
    this.baseUri = URI.create("http://127.0.0.1:" + httpPort);
    this.managementUri = URI.create("http://127.0.0.1:" + managementPort);
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stopProcess, "leash-keycloak-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** kc.sh would size the heap as a share of the machine's memory; tests need far less. */
  static final String TEST_HEAP = "-Xms128m -Xmx1g";

  /**
   * {@code kc.sh start-dev} with an in-memory H2 database and {@code extraOptions}, with the JVM
   * heap options {@code heap}, or kc.sh's own default ({@code -Xms64m -Xmx512m} outside a
   * container) when {@code null}.
   */
  static DistributionKeycloakServer startDev(
      Path home, Path logDir, List<String> extraOptions, String heap) {
    List<String> options = new ArrayList<>();
    options.add("--db=dev-mem");
    options.addAll(extraOptions);
    requirePackInstalled(home);
    return start(home, logDir, "start-dev", options, heap);
  }

  /**
   * {@code kc.sh <command>} on two free loopback ports (HTTP and management, with health and
   * metrics), with {@code options}; returns once {@code /health/ready} answers 200.
   */
  static DistributionKeycloakServer start(
      Path home, Path logDir, String command, List<String> options) {
    requirePackInstalled(home);
    return start(home, logDir, command, options, TEST_HEAP);
  }

  /**
   * Like {@link #start}, but also from a distribution without the Leash pack (the benchmark's
   * vanilla Keycloak), and with the JVM heap options {@code heap}.
   */
  static DistributionKeycloakServer startWithAnyProviders(
      Path home, Path logDir, String command, List<String> options, String heap) {
    return start(home, logDir, command, options, heap);
  }

  private static DistributionKeycloakServer start(
      Path home, Path logDir, String command, List<String> options, String heap) {
    Path kcSh = home.resolve("bin/kc.sh");
    if (!Files.isExecutable(kcSh)) {
      throw new IllegalStateException(
          "No Keycloak distribution at " + home + " (run mvn package first)");
    }
    int httpPort = FreePorts.next();
    int managementPort = FreePorts.next();
    List<String> arguments = new ArrayList<>();
    arguments.add(kcSh.toString());
    arguments.add(command);
    arguments.add("--http-host=127.0.0.1");
    arguments.add("--http-port=" + httpPort);
    arguments.add("--http-management-host=127.0.0.1");
    arguments.add("--http-management-port=" + managementPort);
    arguments.add("--health-enabled=true");
    arguments.add("--metrics-enabled=true");
    arguments.addAll(options);

    try {
      Files.createDirectories(logDir);
      Path logFile = logDir.resolve("keycloak-" + httpPort + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(arguments)
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
      builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
      if (heap == null) {
        builder.environment().remove("JAVA_OPTS_KC_HEAP");
      } else {
        builder.environment().put("JAVA_OPTS_KC_HEAP", heap);
      }
      LOG.info(
          "[leash-it] starting Keycloak (" + command + ") on " + httpPort + ", log: " + logFile);
      DistributionKeycloakServer server =
          new DistributionKeycloakServer(builder, httpPort, managementPort, logFile);
      server.awaitReady(STARTUP_TIMEOUT);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + kcSh, e);
    }
  }

  private static void requirePackInstalled(Path home) {
    try (Stream<Path> providers = Files.list(home.resolve("providers"))) {
      if (providers.noneMatch(p -> p.getFileName().toString().startsWith("leash-keycloak-"))) {
        throw new IllegalStateException("The Leash pack is not in " + home.resolve("providers"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(managementUri.resolve("/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited with " + process.exitValue() + " during start-up:\n" + logTail());
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          LOG.info("[leash-it] Keycloak ready at " + baseUri);
          return;
        }
      } catch (IOException notYetListening) {
        // The server is still starting.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      pause();
    }
    close();
    throw new IllegalStateException("Keycloak was not ready within " + timeout + ":\n" + logTail());
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** The server's JVM (kc.sh starts it as its child, or becomes it). */
  ProcessHandle jvm() {
    return process
        .descendants()
        .filter(child -> child.info().command().orElse("").endsWith("/java"))
        .findFirst()
        .orElse(process.toHandle());
  }

  @Override
  public Path log() {
    return logFile;
  }

  @Override
  public URI baseUri() {
    return baseUri;
  }

  @Override
  public URI managementUri() {
    return managementUri;
  }

  /** Stops the server and starts it again with the same options and ports. */
  @Override
  public void restart() {
    stopProcess();
    LOG.info("[leash-it] restarting Keycloak at " + baseUri);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not restart Keycloak", e);
    }
    awaitReady(RESTART_TIMEOUT);
  }

  @Override
  public void close() {
    stopProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run; nothing left to do.
    }
  }

  /**
   * SIGKILL to the JVM and kc.sh at once, as when a machine dies: no shutdown, the node does not
   * leave its cluster, open transactions are cut. Returns once the processes are gone; {@link
   * #restart} starts the server again.
   */
  void crash() {
    List<ProcessHandle> processes = new ArrayList<>(process.descendants().toList());
    processes.add(process.toHandle());
    processes.forEach(ProcessHandle::destroyForcibly);
    processes.forEach(handle -> handle.onExit().join());
  }

  /** SIGTERM to kc.sh (which forwards it to the JVM), then SIGKILL to whatever is left. */
  private void stopProcess() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
