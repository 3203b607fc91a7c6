package dev.leash.keycloak.audit.retention;

import dev.leash.keycloak.audit.signing.RealmJws;
import jakarta.persistence.EntityManager;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Realms' retention marks in the database. */
public final class RetentionMarks {

  private final EntityManager em;

  public RetentionMarks(EntityManager em) {
    this.em = em;
  }

  /**
   * The realm's mark as committed now: read, then let go of, so that a second read in one request
   * sees a mark retention signed since.
   */
  public Optional<RetentionMark> of(String realmId) {
    RetentionMarkEntity entity = em.find(RetentionMarkEntity.class, realmId);
    if (entity == null) {
      return Optional.empty();
    }
    em.detach(entity);
    return Optional.of(
        new RetentionMark(
            entity.realmId, entity.throughSeq, entity.markedAt, entity.kid, entity.jws));
  }

  /**
   * Signs {@code payload} and stores it as the realm's mark, in place of the one before, in the
   * caller's transaction.
   *
   * @throws IllegalStateException when the realm has no active key it can sign with
   */
  public void mark(KeycloakSession session, RealmModel realm, RetentionMarkPayload payload) {
    RealmJws.Signed signed =
        RealmJws.sign(session, realm, RetentionMarkPayload.TYPE, payload.bytes());
    RetentionMarkEntity entity = em.find(RetentionMarkEntity.class, realm.getId());
    boolean created = entity == null;
    if (created) {
      entity = new RetentionMarkEntity();
      entity.realmId = realm.getId();
    }
    entity.throughSeq = payload.throughSeq();
    entity.markedAt = payload.markedAt();
    entity.kid = signed.kid();
    entity.jws = signed.jws();
    if (created) {
      em.persist(entity);
    }
  }
}
