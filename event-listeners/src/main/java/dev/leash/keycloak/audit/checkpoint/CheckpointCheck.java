package dev.leash.keycloak.audit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Checks a stored checkpoint against the realm's keys, rotated-out (passive) ones included: the
 * signature, and that what it signs is this realm, this sequence number and this hash.
 */
public final class CheckpointCheck {

  /**
   * @param signedHash the entry hash the valid signature vouches for, or {@code null}
   * @param signedAt the epoch second of signing the valid signature vouches for, or 0
   * @param problem why the checkpoint does not hold, or {@code null}
   */
  public record Result(String signedHash, long signedAt, String problem) {

    static Result valid(CheckpointPayload signed) {
      return new Result(signed.hash(), signed.createdAt(), null);
    }

    static Result invalid(String problem) {
      return new Result(null, 0, problem);
    }

    public boolean valid() {
      return problem == null;
    }
  }

  private CheckpointCheck() {}

  public static Result check(KeycloakSession session, RealmModel realm, Checkpoint checkpoint) {
    JWSInput jws;
    try {
      jws = new JWSInput(checkpoint.jws());
    } catch (JWSInputException | RuntimeException unreadable) {
      return Result.invalid("its JWS cannot be read");
    }
    if (jws.getHeader() == null || jws.getHeader().getRawAlgorithm() == null) {
      return Result.invalid("its JWS names no algorithm");
    }
    if (!CheckpointPayload.TYPE.equals(jws.getHeader().getType())) {
      return Result.invalid("its JWS is not of type " + CheckpointPayload.TYPE);
    }
    String algorithm = jws.getHeader().getRawAlgorithm();
    String kid = jws.getHeader().getKeyId();
    SignatureProvider provider = session.getProvider(SignatureProvider.class, algorithm);
    if (provider == null || !provider.isAsymmetricAlgorithm()) {
      return Result.invalid("it is not signed with a public-key algorithm (" + algorithm + ")");
    }
    KeyWrapper key = kid == null ? null : session.keys().getKey(realm, kid, KeyUse.SIG, algorithm);
    if (key == null) {
      return Result.invalid("the realm has no " + algorithm + " key with its kid " + kid);
    }
    try {
      if (!provider
          .verifier(key)
          .verify(
              jws.getEncodedSignatureInput().getBytes(StandardCharsets.US_ASCII),
              jws.getSignature())) {
        return Result.invalid("its signature is not valid");
      }
    } catch (VerificationException | RuntimeException e) {
      return Result.invalid("its signature is not valid");
    }
    Optional<CheckpointPayload> payload = CheckpointPayload.parse(jws.getContent());
    if (payload.isEmpty()) {
      return Result.invalid("its signed content is not a " + CheckpointPayload.SCHEMA);
    }
    CheckpointPayload signed = payload.get();
    if (!signed.realmId().equals(realm.getId()) || signed.seq() != checkpoint.seq()) {
      return Result.invalid(
          "it signs entry " + signed.seq() + " of realm " + signed.realmId() + ", not this one");
    }
    if (!signed.hash().equals(checkpoint.entryHash())) {
      return Result.invalid("its ENTRY_HASH column is not the hash it signs");
    }
    return Result.valid(signed);
  }
}
