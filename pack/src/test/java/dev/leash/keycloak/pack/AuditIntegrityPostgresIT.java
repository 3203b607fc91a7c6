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
 * {@link AuditIntegrityContract} on PostgreSQL: one Keycloak in production mode on a database this
 * test creates and drops, so Leash's changesets, its queries and the tampering findings are proven
 * on PostgreSQL as on H2.
 */
@Tag("keycloak")
class AuditIntegrityPostgresIT extends AuditIntegrityContract {

  @RegisterExtension
  static final KeycloakOnDatabaseExtension postgres =
      KeycloakOnDatabaseExtension.onPostgres(
          "--spi-events-listener--leash-audit--checkpoint-interval=1");

  private static DemoRealm realm;

  @BeforeAll
  static void importTheDemoRealm() {
    realm = DemoRealm.importInto(postgres.server(), AuditIntegrityContract::customise);
  }

  @AfterAll
  static void deleteTheDemoRealm() {
    if (realm != null) {
      realm.close();
    }
  }

  @Override
  KeycloakServer server() {
    return postgres.server();
  }

  @Override
  DemoRealm realm() {
    return realm;
  }

  @Override
  Connection openDatabase() throws SQLException {
    return postgres.database().connect();
  }
}
