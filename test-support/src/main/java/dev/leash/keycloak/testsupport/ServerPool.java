package dev.leash.keycloak.testsupport;

import java.util.List;

/**
 * Holds at most one running server, keyed by its extra options. Asking for other options stops the
 * current server and starts a new one: the machines this runs on have two cores, so two servers at
 * once would slow both.
 */
final class ServerPool implements AutoCloseable {

  private List<String> currentOptions;
  private KeycloakServer current;

  synchronized KeycloakServer serverWith(List<String> options) {
    if (current != null && options.equals(currentOptions)) {
      return current;
    }
    close();
    current = ServerLauncher.fromSystemProperties().start(options);
    currentOptions = options;
    return current;
  }

  @Override
  public synchronized void close() {
    if (current != null) {
      current.close();
      current = null;
      currentOptions = null;
    }
  }
}
