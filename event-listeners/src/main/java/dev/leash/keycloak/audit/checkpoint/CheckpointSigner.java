package dev.leash.keycloak.audit.checkpoint;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Signs checkpoints as compact JWS with the realm's active signing key for its default signature
 * algorithm, through Keycloak's own key manager and signature providers, so an auditor checks them
 * with the realm's published keys ({@code /realms/{realm}/protocol/openid-connect/certs}).
 */
public final class CheckpointSigner {

  private CheckpointSigner() {}

  /**
   * The JWS over {@code payload}, and the id of the key that signed it.
   *
   * @throws IllegalStateException when the realm has no active key it can sign with
   */
  public static Checkpoint sign(
      KeycloakSession session, RealmModel realm, CheckpointPayload payload) {
    String algorithm = algorithm(session, realm);
    KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, algorithm);
    if (key == null) {
      throw new IllegalStateException(
          "Realm " + realm.getName() + " has no active " + algorithm + " signing key");
    }
    try {
      String jws =
          new JWSBuilder()
              .type(CheckpointPayload.TYPE)
              .content(payload.bytes())
              .sign(session.getProvider(SignatureProvider.class, algorithm).signer(key));
      return new Checkpoint(
          payload.realmId(), payload.seq(), payload.hash(), payload.createdAt(), key.getKid(), jws);
    } catch (org.keycloak.crypto.SignatureException e) {
      throw new IllegalStateException("Cannot sign a checkpoint of realm " + realm.getName(), e);
    }
  }

  /**
   * The realm's default signature algorithm when it is asymmetric (an auditor outside Keycloak can
   * check it), else RS256, which every realm has a key for.
   */
  static String algorithm(KeycloakSession session, RealmModel realm) {
    String preferred = realm.getDefaultSignatureAlgorithm();
    if (preferred != null && !preferred.isBlank()) {
      SignatureProvider provider = session.getProvider(SignatureProvider.class, preferred);
      if (provider != null && provider.isAsymmetricAlgorithm()) {
        return preferred;
      }
    }
    return Algorithm.RS256;
  }
}
