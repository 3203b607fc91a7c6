package dev.leash.keycloak.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Keycloak of its own for one test class, started as an operator starts it: with kc.sh's default
 * heap ({@code -Xms64m -Xmx512m} outside a container), not the test heap, plus the suite's and
 * {@code options}. For tests about the server's resources under load:
 *
 * <pre>{@code
 * @RegisterExtension static final DedicatedKeycloakExtension keycloak =
 *     new DedicatedKeycloakExtension();
 * }</pre>
 *
 * Before the class it stops the run's shared server (two cores do not carry two servers under
 * load); after the class it stops its own. The next class that needs the shared server starts it
 * again.
 */
public final class DedicatedKeycloakExtension implements BeforeAllCallback, AfterAllCallback {

  private final List<String> options;
  private DistributionKeycloakServer server;

  public DedicatedKeycloakExtension(String... options) {
    this.options = List.of(options);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    KeycloakExtension.stopSharedServer(context);
    List<String> all = new ArrayList<>(KeycloakExtension.suiteOptions());
    all.addAll(options);
    server =
        DistributionKeycloakServer.startDev(
            BuildProperties.requiredPath("leash.keycloak.home"),
            BuildProperties.requiredPath("leash.it.log-dir"),
            all,
            null);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  /** The running server; available from {@code @BeforeAll} of the test class on. */
  public KeycloakServer server() {
    return server;
  }

  /** Whether the server's JVM still runs (it exits on an {@code OutOfMemoryError}). */
  public boolean isAlive() {
    return server.jvm().isAlive();
  }

  /**
   * Asks the server's JVM for a full garbage collection ({@code jcmd <pid> GC.run}) and waits for
   * it, so the heap in use afterwards is what the server really holds.
   */
  public void collectGarbage() {
    try {
      Process jcmd =
          new ProcessBuilder("jcmd", Long.toString(server.jvm().pid()), "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
        jcmd.destroyForcibly();
        throw new IllegalStateException("jcmd GC.run failed for " + server.jvm().pid());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("jcmd is needed (it comes with the JDK)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
