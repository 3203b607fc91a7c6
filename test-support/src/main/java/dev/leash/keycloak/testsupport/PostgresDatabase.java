package dev.leash.keycloak.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL database of one test run, created empty and dropped at the end, on the server that
 * the system properties {@code leash.it.postgres.url} (e.g. {@code
 * jdbc:postgresql://127.0.0.1:5432/}) and {@code leash.it.postgres.user} name. Its name is unique
 * per run ({@code leash_cluster_<epoch seconds>_<random>}), so runs from several checkouts on one
 * machine never share a database.
 */
public final class PostgresDatabase implements TestDatabase {

  /** Keycloak's name for PostgreSQL. */
  public static final String VENDOR = "postgres";

  private static final Logger LOG = Logger.getLogger("dev.leash.keycloak.it");

  private static final RunDatabaseNames NAMES = new RunDatabaseNames("leash_cluster_");

  private final String serverUrl;
  private final String user;
  private final String name;

  private PostgresDatabase(String serverUrl, String user, String name) {
    this.serverUrl = serverUrl;
    this.user = user;
    this.name = name;
  }

  /** Creates a fresh, empty database; fails with what to do when PostgreSQL is not running. */
  public static PostgresDatabase createFresh() {
    String serverUrl = BuildProperties.required("leash.it.postgres.url");
    String user = BuildProperties.required("leash.it.postgres.user");
    String name = NAMES.fresh();
    PostgresDatabase database = new PostgresDatabase(serverUrl, user, name);
    try (Connection admin = database.connect("postgres");
        Statement statement = admin.createStatement()) {
      dropAbandoned(statement);
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL is not usable at "
              + serverUrl
              + " as user "
              + user
              + " ("
              + e.getMessage()
              + "). The cluster tests need it running with trust authentication for that user:"
              + " ./leash test starts a stopped local PostgreSQL; by hand (Debian):"
              + " pg_ctlcluster --skip-systemctl-redirect <version> main start",
          e);
    }
    LOG.info("[leash-it] created PostgreSQL database " + name);
    return database;
  }

  @Override
  public String vendor() {
    return VENDOR;
  }

  @Override
  public List<String> keycloakOptions() {
    return List.of("--db=" + VENDOR, "--db-url=" + serverUrl + name, "--db-username=" + user);
  }

  @Override
  public Connection connect() throws SQLException {
    return connect(name);
  }

  @Override
  public void close() {
    try (Connection admin = connect("postgres");
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      LOG.info("[leash-it] dropped PostgreSQL database " + name);
    } catch (SQLException e) {
      LOG.warn("[leash-it] could not drop PostgreSQL database " + name, e);
    }
  }

  private Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(serverUrl + database, properties);
  }

  /** Drops databases left by runs that were killed before they could drop their own. */
  private static void dropAbandoned(Statement statement) throws SQLException {
    for (String database : NAMES.abandoned(statement, "SELECT datname FROM pg_database")) {
      statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      LOG.info("[leash-it] dropped abandoned PostgreSQL database " + database);
    }
  }
}
