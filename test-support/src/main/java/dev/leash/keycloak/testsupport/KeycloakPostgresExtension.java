package dev.leash.keycloak.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Keycloak in production mode on a fresh PostgreSQL database for one test class:
 *
 * <pre>{@code
 * @RegisterExtension static final KeycloakPostgresExtension postgres =
 *     new KeycloakPostgresExtension("--spi-...");
 * }</pre>
 *
 * Before the class it stops the run's shared server (two cores do not carry two servers), creates
 * the database and starts the node with the suite's server options and {@code options}; after the
 * class it stops it and drops the database.
 */
public final class KeycloakPostgresExtension implements BeforeAllCallback, AfterAllCallback {

  private final List<String> options;
  private PostgresDatabase database;
  private KeycloakServer server;

  public KeycloakPostgresExtension(String... options) {
    this.options = List.of(options);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    KeycloakExtension.stopSharedServer(context);
    database = PostgresDatabase.createFresh();
    List<String> all = new ArrayList<>(KeycloakExtension.suiteOptions());
    all.addAll(options);
    try {
      server = KeycloakCluster.startAlone(database, all);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      database.close();
    }
  }

  /** The running server; available from {@code @BeforeAll} of the test class on. */
  public KeycloakServer server() {
    return server;
  }

  /** The server's database, for a test that reads or changes it as a database administrator. */
  public PostgresDatabase database() {
    return database;
  }
}
