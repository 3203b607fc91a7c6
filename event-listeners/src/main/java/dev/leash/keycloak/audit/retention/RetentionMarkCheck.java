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
   * @param problem why the mark does not hold, or {@code null}
   */
  public record Result(RetentionMarkPayload signed, String problem) {

    public boolean valid() {
      return problem == null;
    }
  }

  private RetentionMarkCheck() {}

  public static Result check(KeycloakSession session, RealmModel realm, RetentionMark mark) {
    RealmJws.Checked jws = RealmJws.check(session, realm, mark.jws(), RetentionMarkPayload.TYPE);
    if (!jws.valid()) {
      return new Result(null, jws.problem());
    }
    Optional<RetentionMarkPayload> payload = RetentionMarkPayload.parse(jws.content());
    if (payload.isEmpty()) {
      return new Result(null, "its signed content is not a " + RetentionMarkPayload.SCHEMA);
    }
    RetentionMarkPayload signed = payload.get();
    if (!signed.realmId().equals(realm.getId())) {
      return new Result(null, "it is a mark of realm " + signed.realmId() + ", not this one");
    }
    if (signed.throughSeq() != mark.throughSeq()) {
      return new Result(null, "its THROUGH_SEQ column is not the sequence number it signs");
    }
    return new Result(signed, null);
  }
}
