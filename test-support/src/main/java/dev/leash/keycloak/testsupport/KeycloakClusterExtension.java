package dev.leash.keycloak.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A two-node {@link KeycloakCluster} on a fresh PostgreSQL database for one test class:
 *
 * <pre>{@code
 * @RegisterExtension static final KeycloakClusterExtension cluster = new KeycloakClusterExtension();
 * }</pre>
 *
 * Before the class it stops the run's shared server (two cores do not carry three servers), creates
 * the database and starts both nodes with the suite's server options; after the class it stops them
 * and drops the database. The next class that needs the shared server starts it again.
 */
public final class KeycloakClusterExtension implements BeforeAllCallback, AfterAllCallback {

  private PostgresDatabase database;
  private KeycloakCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    KeycloakExtension.stopSharedServer(context);
    database = PostgresDatabase.createFresh();
    try {
      cluster = KeycloakCluster.start(database, KeycloakExtension.suiteOptions());
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (cluster != null) {
      cluster.close();
      database.close();
    }
  }

  /** The cluster's PostgreSQL database; available from {@code @BeforeAll} of the test class on. */
  public PostgresDatabase database() {
    return database;
  }

  /** The running cluster; available from {@code @BeforeAll} of the test class on. */
  public KeycloakCluster cluster() {
    return cluster;
  }
}
