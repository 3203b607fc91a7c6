package dev.leash.keycloak.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The last sealed link of a realm's chain. Its row lock serialises sealing across the cluster, and
 * it lets verification notice links removed from the end.
 */
@Entity
@Table(name = "LEASH_AUDIT_CHAIN")
public class ChainHeadEntity {

  @Id
  @Column(name = "REALM_ID", length = 36)
  String realmId;

  @Column(name = "LAST_SEQ", nullable = false)
  long lastSeq;

  @Column(name = "LAST_HASH", length = 64, nullable = false)
  String lastHash;
}
