package dev.leash.keycloak.audit.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One of a realm's webhooks. Kept in Leash's own table rather than a realm attribute: Keycloak
 * answers realm attributes to every admin who may view the realm, and puts them in realm exports.
 */
@Entity
@Table(name = "LEASH_AUDIT_WEBHOOK")
public class WebhookEntity {

  @Id
  @Column(name = "ID", length = 36)
  String id;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  String realmId;

  /** Unique in the realm. */
  @Column(name = "NAME", length = 40, nullable = false)
  String name;

  @Column(name = "URL", length = 2000, nullable = false)
  String url;

  @Column(name = "SECRET", length = 256, nullable = false)
  String secret;

  /** {@code leash} or {@code ocsf}: what each event's {@code data} holds. */
  @Column(name = "FORMAT", length = 16, nullable = false)
  String format;

  /** Epoch second. */
  @Column(name = "UPDATED_AT", nullable = false)
  long updatedAt;
}
