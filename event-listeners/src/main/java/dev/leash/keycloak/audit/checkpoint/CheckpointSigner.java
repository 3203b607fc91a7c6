package dev.leash.keycloak.audit.checkpoint;

import dev.leash.keycloak.audit.signing.RealmJws;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Signs checkpoints as {@link RealmJws} of type {@link CheckpointPayload#TYPE}. */
public final class CheckpointSigner {

  private CheckpointSigner() {}

  /**
   * The JWS over {@code payload}, and the id of the key that signed it.
   *
   * @throws IllegalStateException when the realm has no active key it can sign with
   */
  public static Checkpoint sign(
      KeycloakSession session, RealmModel realm, CheckpointPayload payload) {
    RealmJws.Signed signed = RealmJws.sign(session, realm, CheckpointPayload.TYPE, payload.bytes());
    return new Checkpoint(
        payload.realmId(),
        payload.seq(),
        payload.hash(),
        payload.createdAt(),
        signed.kid(),
        signed.jws());
  }
}
