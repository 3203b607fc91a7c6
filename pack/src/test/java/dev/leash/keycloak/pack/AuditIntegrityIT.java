package dev.leash.keycloak.pack;

import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.KeycloakOptions;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AuditIntegrityContract} on H2 in a file, in mixed mode ({@code AUTO_SERVER}), which this
 * test opens alongside Keycloak; a checkpoint after every drainer run that sealed something.
 */
@LeashKeycloakTest
@KeycloakOptions({
  "--db-url=jdbc:h2:file:./data/h2/leash-integrity-it;AUTO_SERVER=TRUE;NON_KEYWORDS=VALUE",
  "--db-username=sa",
  "--db-password=leash-it",
  "--spi-events-listener--leash-audit--checkpoint-interval=1"
})
class AuditIntegrityIT extends AuditIntegrityContract {

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(AuditIntegrityContract::customise);

  private static KeycloakServer server;

  @BeforeAll
  static void server(KeycloakServer running) {
    server = running;
  }

  @Override
  KeycloakServer server() {
    return server;
  }

  @Override
  DemoRealm realm() {
    return demo.realm();
  }

  @Override
  Connection openDatabase() throws SQLException {
    Path file = Path.of(System.getProperty("leash.keycloak.home"), "data/h2/leash-integrity-it");
    return DriverManager.getConnection(
        "jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=TRUE;NON_KEYWORDS=VALUE",
        "sa",
        "leash-it");
  }
}
