package dev.leash.keycloak.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The current version of an approval record. The body is the record's JSON; the other columns copy
 * the fields admins filter on and the drainer's bookkeeping.
 */
@Entity
@Table(name = "LEASH_AUDIT_RECORD")
public class AuditRecordEntity {

  @Id
  @Column(name = "ID", length = 36)
  String id;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  String realmId;

  /**
   * Unique per realm: {@code grant:<client id>:<approval id>} (hashed when longer than the column)
   * or the refusal tally's key.
   */
  @Column(name = "RECORD_KEY", nullable = false)
  String key;

  @Column(name = "KIND", length = 32, nullable = false)
  String kind;

  @Column(name = "CLIENT_ID")
  String clientId;

  @Column(name = "APPROVER_ID")
  String approverId;

  @Column(name = "APPROVER_USERNAME")
  String approverUsername;

  @Column(name = "OUTCOME", length = 16, nullable = false)
  String outcome;

  /** Epoch second. */
  @Column(name = "CREATED_AT", nullable = false)
  long createdAt;

  /** Epoch second. */
  @Column(name = "UPDATED_AT", nullable = false)
  long updatedAt;

  /** Epoch second at which the grant ends unused; null once it cannot. */
  @Column(name = "OPEN_UNTIL")
  Long openUntil;

  @Column(name = "RECORD_VERSION", nullable = false)
  int version;

  /** The last version put into the outbox. */
  @Column(name = "QUEUED_VERSION", nullable = false)
  int queuedVersion;

  /** Epoch millisecond of the last version put into the outbox. */
  @Column(name = "QUEUED_AT", nullable = false)
  long queuedAt;

  /**
   * Epoch millisecond of the first change since the last queued version that only moved counters;
   * null when the last version is queued. Indexed, so the drainer finds these records directly.
   */
  @Column(name = "COUNTED_SINCE")
  Long countedSince;

  @Column(name = "BODY", nullable = false)
  String body;
}
