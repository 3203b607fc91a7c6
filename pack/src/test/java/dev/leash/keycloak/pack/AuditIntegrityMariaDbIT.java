package dev.leash.keycloak.pack;

import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.KeycloakOnDatabaseExtension;
import dev.leash.keycloak.testsupport.KeycloakServer;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AuditIntegrityContract} on MariaDB: one Keycloak in production mode on a database this
 * test creates and drops, so Leash's changesets, its queries and the tampering findings are proven
 * on MariaDB (InnoDB, its default isolation) as on H2 and PostgreSQL. Skipped when no MariaDB
 * answers.
 */
@Tag("keycloak")
class AuditIntegrityMariaDbIT extends AuditIntegrityContract {

  @RegisterExtension
  static final KeycloakOnDatabaseExtension mariadb =
      KeycloakOnDatabaseExtension.onMariaDb(
          "--spi-events-listener--leash-audit--checkpoint-interval=1");

  private static DemoRealm realm;

  @BeforeAll
  static void importTheDemoRealm() {
    realm = DemoRealm.importInto(mariadb.server(), AuditIntegrityContract::customise);
  }

  @AfterAll
  static void deleteTheDemoRealm() {
    if (realm != null) {
      realm.close();
    }
  }

  @Override
  KeycloakServer server() {
    return mariadb.server();
  }

  @Override
  DemoRealm realm() {
    return realm;
  }

  @Override
  Connection openDatabase() throws SQLException {
    return mariadb.database().connect();
  }
}
