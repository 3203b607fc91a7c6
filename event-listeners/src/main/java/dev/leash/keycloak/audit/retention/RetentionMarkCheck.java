package dev.leash.keycloak.audit.retention;

import dev.leash.keycloak.audit.signing.RealmJws;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Checks a stored retention mark against the realm's keys: the signature, and that it signs this
 * realm and the sequence number its row names.
 */
public final class RetentionMarkCheck {

  /**
   * @param signed what the valid signature vouches for, or {@code null}
   * @param kid the id of the key that signed it, or {@code null}
   * @param jws the valid mark's JWS, for an auditor to keep, or {@code null}
   * @param problem why the mark does not hold, or {@code null}
   */
  public record Result(RetentionMarkPayload signed, String kid, String jws, String problem) {

    public boolean valid() {
      return problem == null;
    }

    /** The sequence number the valid mark reaches; 0 when it does not hold. */
    public long throughSeq() {
      return valid() ? signed.throughSeq() : 0;
    }

    static Result invalid(String problem) {
      return new Result(null, null, null, problem);
    }
  }

  private RetentionMarkCheck() {}

  /** The realm's stored mark, checked; {@code null} when the realm has none. */
  public static Result ofRealm(KeycloakSession session, RealmModel realm, RetentionMarks marks) {
    return marks.of(realm.getId()).map(mark -> check(session, realm, mark)).orElse(null);
  }

  public static Result check(KeycloakSession session, RealmModel realm, RetentionMark mark) {
    RealmJws.Checked jws = RealmJws.check(session, realm, mark.jws(), RetentionMarkPayload.TYPE);
    if (!jws.valid()) {
      return Result.invalid(jws.problem());
    }
    Optional<RetentionMarkPayload> payload = RetentionMarkPayload.parse(jws.content());
    if (payload.isEmpty()) {
      return Result.invalid("its signed content is not a " + RetentionMarkPayload.SCHEMA);
    }
    RetentionMarkPayload signed = payload.get();
    if (!signed.realmId().equals(realm.getId())) {
      return Result.invalid("it is a mark of realm " + signed.realmId() + ", not this one");
    }
    if (signed.throughSeq() != mark.throughSeq()) {
      return Result.invalid("its THROUGH_SEQ column is not the sequence number it signs");
    }
    return new Result(signed, jws.kid(), mark.jws(), null);
  }
}
