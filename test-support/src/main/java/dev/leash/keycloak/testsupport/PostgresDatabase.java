package dev.leash.keycloak.testsupport;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL database of one test run, created empty and dropped at the end, on the server that
 * the system properties {@code leash.it.postgres.url} (e.g. {@code
 * jdbc:postgresql://127.0.0.1:5432/}) and {@code leash.it.postgres.user} name. Its name is unique
 * per run ({@code leash_cluster_<epoch seconds>_<random>}), so runs from several checkouts on one
 * machine never share a database.
 */
public final class PostgresDatabase implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger("dev.leash.keycloak.it");

  private static final String PREFIX = "leash_cluster_";
  private static final Pattern OWN_NAME = Pattern.compile(PREFIX + "(\\d+)_[0-9a-f]+");

  /** Databases of runs that died without dropping theirs are dropped once this old. */
  private static final Duration ABANDONED_AFTER = Duration.ofHours(6);

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
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    String name = PREFIX + Instant.now().getEpochSecond() + "_" + HexFormat.of().formatHex(random);
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

  /** The JDBC URL of this database, as Keycloak's {@code --db-url} takes it. */
  public String jdbcUrl() {
    return serverUrl + name;
  }

  public String user() {
    return user;
  }

  /** A connection to this database, for a test that reads or changes it next to Keycloak. */
  public Connection connect() throws SQLException {
    return connect(name);
  }

  /** Drops the database, first ending the connections of servers that are still running. */
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
    long oldest = Instant.now().minus(ABANDONED_AFTER).getEpochSecond();
    List<String> abandoned = new ArrayList<>();
    try (ResultSet names = statement.executeQuery("SELECT datname FROM pg_database")) {
      while (names.next()) {
        Matcher own = OWN_NAME.matcher(names.getString(1));
        if (own.matches() && Long.parseLong(own.group(1)) < oldest) {
          abandoned.add(own.group());
        }
      }
    }
    for (String database : abandoned) {
      statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      LOG.info("[leash-it] dropped abandoned PostgreSQL database " + database);
    }
  }
}
