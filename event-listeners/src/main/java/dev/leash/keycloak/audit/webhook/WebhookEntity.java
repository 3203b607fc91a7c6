package dev.leash.keycloak.audit.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A realm's webhook. Kept in Leash's own table rather than a realm attribute: Keycloak answers
 * realm attributes to every admin who may view the realm, and puts them in realm exports.
 */
@Entity
@Table(name = "LEASH_AUDIT_WEBHOOK")
public class WebhookEntity {

  @Id
  @Column(name = "REALM_ID", length = 36)
  String realmId;

  @Column(name = "URL", length = 2000, nullable = false)
  String url;

  @Column(name = "SECRET", length = 256, nullable = false)
  String secret;

  /** Epoch second. */
  @Column(name = "UPDATED_AT", nullable = false)
  long updatedAt;
}
