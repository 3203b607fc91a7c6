package dev.leash.keycloak.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * A MariaDB database of one test run, created empty (in {@code utf8mb4}, as Keycloak asks) and
 * dropped at the end, on the server that the system properties {@code leash.it.mariadb.url} (e.g.
 * {@code jdbc:mariadb://127.0.0.1:3306/}) and {@code leash.it.mariadb.user} name, with no password.
 * Its name is unique per run ({@code leash_it_<epoch seconds>_<random>}).
 */
public final class MariaDbDatabase implements TestDatabase {

  /** Keycloak's name for MariaDB. */
  public static final String VENDOR = "mariadb";

  private static final Logger LOG = Logger.getLogger("dev.leash.keycloak.it");

  private static final RunDatabaseNames NAMES = new RunDatabaseNames("leash_it_");

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final String serverUrl;
  private final String user;
  private final String name;

  private MariaDbDatabase(String serverUrl, String user, String name) {
    this.serverUrl = serverUrl;
    this.user = user;
    this.name = name;
  }

  /**
   * Whether the server {@code leash.it.mariadb.url} names takes the user {@code
   * leash.it.mariadb.user} without a password; says why not in the log. (A stock Debian MariaDB
   * lets {@code root} in only over its socket.)
   */
  public static boolean usable() {
    MariaDbDatabase server =
        new MariaDbDatabase(
            BuildProperties.required("leash.it.mariadb.url"),
            BuildProperties.required("leash.it.mariadb.user"),
            "");
    try (Connection ignored = server.connect("")) {
      return true;
    } catch (SQLException e) {
      LOG.warn(
          "[leash-it] no usable MariaDB at "
              + server.serverUrl
              + " as "
              + server.user
              + " without a password, so the MariaDB tests are skipped: "
              + e.getMessage());
      return false;
    }
  }

  /** Creates a fresh, empty database; fails with what to do when MariaDB is not usable. */
  public static MariaDbDatabase createFresh() {
    String serverUrl = BuildProperties.required("leash.it.mariadb.url");
    String user = BuildProperties.required("leash.it.mariadb.user");
    String name = NAMES.fresh();
    MariaDbDatabase database = new MariaDbDatabase(serverUrl, user, name);
    try (Connection admin = database.connect("");
        Statement statement = admin.createStatement()) {
      dropAbandoned(statement);
      statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create a database on the MariaDB at "
              + serverUrl
              + " as user "
              + user
              + " without a password ("
              + e.getMessage()
              + "); see docs/testing.md (Databases)",
          e);
    }
    LOG.info("[leash-it] created MariaDB database " + name);
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

  /** Drops the database; MariaDB waits for no connection, so a running server only logs errors. */
  @Override
  public void close() {
    try (Connection admin = connect("");
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name);
      LOG.info("[leash-it] dropped MariaDB database " + name);
    } catch (SQLException e) {
      LOG.warn("[leash-it] could not drop MariaDB database " + name, e);
    }
  }

  private Connection connect(String database) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_MILLIS));
    return DriverManager.getConnection(serverUrl + database, properties);
  }

  /** Drops databases left by runs that were killed before they could drop their own. */
  private static void dropAbandoned(Statement statement) throws SQLException {
    for (String database :
        NAMES.abandoned(statement, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
      statement.execute("DROP DATABASE IF EXISTS " + database);
      LOG.info("[leash-it] dropped abandoned MariaDB database " + database);
    }
  }
}
