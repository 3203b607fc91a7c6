package dev.leash.keycloak.pack;

import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.KeycloakOnDatabaseExtension;
import dev.leash.keycloak.testsupport.KeycloakServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AuditIntegrityContract} on PostgreSQL: one Keycloak in production mode on a database this
 * test creates and drops, so Leash's changesets, its queries and the tampering findings are proven
 * on PostgreSQL as on H2. This server trusts only the signing keys its file lists, so the contract
 * also runs with pinned keys, a key rotation included.
 */
@Tag("keycloak")
class AuditIntegrityPostgresIT extends AuditIntegrityContract {

  /** Written once the realm's keys are known; until then the server trusts no key. */
  private static final Path TRUSTED_KEYS =
      Path.of(System.getProperty("java.io.tmpdir"), "leash-trusted-keys-" + UUID.randomUUID());

  @RegisterExtension
  static final KeycloakOnDatabaseExtension postgres =
      KeycloakOnDatabaseExtension.onPostgres(
          "--spi-events-listener--leash-audit--checkpoint-interval=1",
          "--spi-events-listener--leash-audit--trusted-signing-keys-file=" + TRUSTED_KEYS);

  private static DemoRealm realm;

  @BeforeAll
  static void importTheDemoRealmAndTrustItsKeys() throws IOException {
    realm = DemoRealm.importInto(postgres.server(), AuditIntegrityContract::customise);
    new AuditIntegrityPostgresIT().trustSigningKeys(key -> true);
  }

  @AfterAll
  static void deleteTheDemoRealm() throws IOException {
    if (realm != null) {
      realm.close();
    }
    Files.deleteIfExists(TRUSTED_KEYS);
  }

  @Override
  Optional<Path> trustedSigningKeysFile() {
    return Optional.of(TRUSTED_KEYS);
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
