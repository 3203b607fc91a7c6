package dev.leash.keycloak.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A database of one test run, created empty and dropped at the end ({@link #close}). */
public interface TestDatabase extends AutoCloseable {

  /** Keycloak's name for the database's vendor, as {@code --db} takes it. */
  String vendor();

  /** The options that put Keycloak on this database ({@code --db}, {@code --db-url}, ...). */
  List<String> keycloakOptions();

  /** A connection to this database, for a test that reads or changes it next to Keycloak. */
  Connection connect() throws SQLException;

  /** Drops the database, first ending the connections of servers that are still running. */
  @Override
  void close();
}
