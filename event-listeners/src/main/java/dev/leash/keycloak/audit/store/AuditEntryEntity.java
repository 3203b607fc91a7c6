package dev.leash.keycloak.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A version of an approval record to deliver: written to the outbox in the transaction that made
 * the change, then sealed into the realm's hash chain by the drainer ({@code SEQ}, hashes). What
 * was queued never changes ({@code updatable = false}), so sealing's update sets the chain columns
 * only instead of sending every entry's body again.
 */
@Entity
@Table(name = "LEASH_AUDIT_ENTRY")
public class AuditEntryEntity {

  @Id
  @Column(name = "ID", length = 36)
  String id;

  @Column(name = "REALM_ID", length = 36, nullable = false, updatable = false)
  String realmId;

  @Column(name = "RECORD_ID", length = 36, nullable = false, updatable = false)
  String recordId;

  @Column(name = "RECORD_VERSION", nullable = false, updatable = false)
  int recordVersion;

  /** Epoch millisecond; never earlier than the record's previous entry. */
  @Column(name = "QUEUED_AT", nullable = false, updatable = false)
  long queuedAt;

  /** The record version's JSON. */
  @Column(name = "BODY", nullable = false, updatable = false)
  String body;

  /** The realm's sequence number; null until sealed. */
  @Column(name = "SEQ")
  Long seq;

  /** Epoch second of sealing. */
  @Column(name = "SEALED_AT")
  Long sealedAt;

  @Column(name = "PREV_HASH", length = 64)
  String prevHash;

  @Column(name = "HASH", length = 64)
  String hash;
}
