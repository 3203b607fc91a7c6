package dev.leash.keycloak.audit.checkpoint;

import dev.leash.keycloak.audit.signing.RealmJws;
import java.util.Optional;
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
    RealmJws.Checked jws = RealmJws.check(session, realm, checkpoint.jws(), CheckpointPayload.TYPE);
    if (!jws.valid()) {
      return Result.invalid(jws.problem());
    }
    Optional<CheckpointPayload> payload = CheckpointPayload.parse(jws.content());
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
