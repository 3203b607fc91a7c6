package dev.leash.keycloak.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Keycloak in production mode on a fresh database of its own for one test class:
 *
 * <pre>{@code
 * @RegisterExtension static final KeycloakOnDatabaseExtension postgres =
 *     KeycloakOnDatabaseExtension.onPostgres("--spi-...");
 * }</pre>
 *
 * Before the class it stops the run's shared server (two cores do not carry two servers), creates
 * the database and starts the node with the suite's server options and the given ones; after the
 * class it stops it and drops the database.
 */
public final class KeycloakOnDatabaseExtension implements BeforeAllCallback, AfterAllCallback {

  private final Supplier<TestDatabase> databases;

  /** Whether the database server can be used at all; the class is skipped when it cannot. */
  private final BooleanSupplier usable;

  private final List<String> options;
  private TestDatabase database;
  private KeycloakServer server;

  private KeycloakOnDatabaseExtension(
      Supplier<TestDatabase> databases, BooleanSupplier usable, String... options) {
    this.databases = databases;
    this.usable = usable;
    this.options = List.of(options);
  }

  /** On PostgreSQL, which the suite needs anyway (the cluster tests): fails without it. */
  public static KeycloakOnDatabaseExtension onPostgres(String... options) {
    return new KeycloakOnDatabaseExtension(PostgresDatabase::createFresh, () -> true, options);
  }

  /**
   * On MariaDB; the class is skipped, and the log says why, when no MariaDB takes the configured
   * user without a password.
   */
  public static KeycloakOnDatabaseExtension onMariaDb(String... options) {
    return new KeycloakOnDatabaseExtension(
        MariaDbDatabase::createFresh, MariaDbDatabase::usable, options);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Assumptions.assumeTrue(
        usable.getAsBoolean(),
        "no usable database server for this test (the log says why); see docs/testing.md");
    KeycloakExtension.stopSharedServer(context);
    database = databases.get();
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
      try {
        server.close();
      } finally {
        database.close();
      }
    }
  }

  /** The running server; available from {@code @BeforeAll} of the test class on. */
  public KeycloakServer server() {
    return server;
  }

  /** The server's database, for a test that reads or changes it as a database administrator. */
  public TestDatabase database() {
    return database;
  }
}
