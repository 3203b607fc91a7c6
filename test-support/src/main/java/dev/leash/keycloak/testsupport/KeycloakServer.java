package dev.leash.keycloak.testsupport;

import java.net.URI;
import java.nio.file.Path;

/** A running Keycloak with the Leash pack installed, reachable on loopback. */
public interface KeycloakServer extends AutoCloseable {

  /** Username of the bootstrap admin in the master realm. */
  String ADMIN_USERNAME = "admin";

  /** Password of the bootstrap admin in the master realm. */
  String ADMIN_PASSWORD = "admin";

  /** The server's root, e.g. {@code http://127.0.0.1:41234}. */
  URI baseUri();

  /** The management interface's root (health and metrics), e.g. {@code http://127.0.0.1:41235}. */
  URI managementUri();

  /** {@code baseUri()/realms/{realm}}. */
  default URI realmUri(String realm) {
    return baseUri().resolve("/realms/" + realm);
  }

  /** An admin REST client logged in as the bootstrap admin. */
  default AdminClient admin() {
    return new AdminClient(baseUri(), ADMIN_USERNAME, ADMIN_PASSWORD);
  }

  /**
   * An admin REST client signed in as {@code user} of {@code realm}: one of that realm's admins.
   */
  default AdminClient admin(String realm, TestUser user) {
    return new AdminClient(baseUri(), realm, user.username(), user.password());
  }

  /**
   * Stops the server and starts it again with the same options, ports and database, as an operator
   * restarts a node. Only a server whose database outlives it (a file or an external database, see
   * {@code AuditDatabaseIT}) keeps its data.
   */
  default void restart() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restart");
  }

  /** The file the server writes its log to (tests count lines in it). */
  default Path log() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has no log file");
  }

  /** Stops the server; never throws. */
  @Override
  void close();
}
