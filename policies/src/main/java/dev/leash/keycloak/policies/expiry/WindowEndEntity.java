package dev.leash.keycloak.policies.expiry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * When one agent's client session must end: a row per stamped {@link
 * dev.leash.keycloak.core.SessionNotes#WINDOW_END}, so the sweep reads only the windows that are
 * due instead of every session of every device-grant client.
 */
@Entity
@Table(name = "LEASH_WINDOW_END")
public class WindowEndEntity {

  @Id
  @Column(name = "ID", length = 36)
  String id;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  String realmId;

  /** The user session's id; Keycloak gives an offline copy of a user session the same id. */
  @Column(name = "USER_SESSION_ID", length = 36, nullable = false)
  String userSessionId;

  /** The client's internal id. */
  @Column(name = "CLIENT_ID", length = 36, nullable = false)
  String clientId;

  /** Epoch second at which the client session ends. */
  @Column(name = "WINDOW_END", nullable = false)
  long windowEnd;
}
