package dev.leash.keycloak.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entry a sink refused for good; delivery went on past it. The entry itself stays chained. */
@Entity
@Table(name = "LEASH_AUDIT_DEAD_LETTER")
public class DeadLetterEntity {

  @Id
  @Column(name = "ID", length = 36)
  String id;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  String realmId;

  @Column(name = "SINK", length = 60, nullable = false)
  String sink;

  @Column(name = "SEQ", nullable = false)
  long seq;

  /** Epoch second. */
  @Column(name = "FAILED_AT", nullable = false)
  long failedAt;

  @Column(name = "ERROR")
  String error;

  /** Epoch second an admin asked to deliver the entry again; null when nobody asked. */
  @Column(name = "RETRY_REQUESTED_AT")
  Long retryRequestedAt;
}
