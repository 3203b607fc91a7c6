package dev.leash.keycloak.audit.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How far one sink has received one realm's chain, and how its delivery is failing, if it is. */
@Entity
@Table(name = "LEASH_AUDIT_CURSOR")
public class SinkCursorEntity {

  /** {@code <realm id>/<sink id>}. */
  @Id
  @Column(name = "ID", length = 100)
  String id;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  String realmId;

  @Column(name = "SINK", length = 60, nullable = false)
  String sink;

  /** The first sequence number not yet delivered. */
  @Column(name = "NEXT_SEQ", nullable = false)
  long nextSeq;

  /** Failed attempts at {@code NEXT_SEQ} in a row. */
  @Column(name = "ATTEMPTS", nullable = false)
  int attempts;

  /** Epoch second before which no attempt is made. */
  @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
  long nextAttemptAt;

  /** Epoch second of the first failure in a row; null while delivering. */
  @Column(name = "FAILING_SINCE")
  Long failingSince;

  @Column(name = "LAST_ERROR")
  String lastError;

  /** Epoch second of the last delivery. */
  @Column(name = "DELIVERED_AT")
  Long deliveredAt;
}
