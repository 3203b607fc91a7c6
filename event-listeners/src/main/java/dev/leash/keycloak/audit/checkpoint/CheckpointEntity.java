package dev.leash.keycloak.audit.checkpoint;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A signed checkpoint of a realm's chain. The columns copy what the JWS signs, for queries; the JWS
 * is the evidence.
 */
@Entity
@Table(name = "LEASH_AUDIT_CHECKPOINT")
public class CheckpointEntity {

  @Id
  @Column(name = "ID", length = 36)
  String id;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  String realmId;

  @Column(name = "SEQ", nullable = false)
  long seq;

  @Column(name = "ENTRY_HASH", length = 64, nullable = false)
  String entryHash;

  /** Epoch second of signing. */
  @Column(name = "CREATED_AT", nullable = false)
  long createdAt;

  @Column(name = "KID")
  String kid;

  /** Compact JWS over the {@link CheckpointPayload}. */
  @Column(name = "JWS", length = 4000, nullable = false)
  String jws;
}
