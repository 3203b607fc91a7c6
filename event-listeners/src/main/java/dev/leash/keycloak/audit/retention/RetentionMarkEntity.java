package dev.leash.keycloak.audit.retention;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A realm's retention mark, one row per realm. The columns copy what the JWS signs; the JWS is the
 * evidence.
 */
@Entity
@Table(name = "LEASH_AUDIT_RETENTION_MARK")
public class RetentionMarkEntity {

  @Id
  @Column(name = "REALM_ID", length = 36)
  String realmId;

  @Column(name = "THROUGH_SEQ", nullable = false)
  long throughSeq;

  /** Epoch second of signing. */
  @Column(name = "MARKED_AT", nullable = false)
  long markedAt;

  @Column(name = "KID")
  String kid;

  /** Compact JWS over the {@link RetentionMarkPayload}. */
  @Column(name = "JWS", length = 4000, nullable = false)
  String jws;
}
