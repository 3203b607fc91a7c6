package dev.leash.keycloak.audit.store;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/**
 * Dead letters an admin asked to deliver again, and what became of them. The drainer retries them
 * with the sink's cursor locked, so a retry and the sink's normal delivery never overlap.
 */
public final class DeadLetterStore {

  private final EntityManager em;

  public DeadLetterStore(EntityManager em) {
    this.em = em;
  }

  /** Asks for dead letter {@code id} of the realm to be delivered again; false when unknown. */
  public boolean requestRetry(String realmId, String id, long now) {
    DeadLetterEntity letter = em.find(DeadLetterEntity.class, id);
    if (letter == null || !letter.realmId.equals(realmId)) {
      return false;
    }
    letter.retryRequestedAt = now;
    return true;
  }

  /** Asks for all of the sink's dead letters of the realm to be delivered again; how many. */
  public int requestRetryAll(String realmId, String sink, long now) {
    return em.createQuery(
            "update DeadLetterEntity d set d.retryRequestedAt = :now"
                + " where d.realmId = :realmId and d.sink = :sink")
        .setParameter("now", now)
        .setParameter("realmId", realmId)
        .setParameter("sink", sink)
        .executeUpdate();
  }

  /** Up to {@code max} of the sink's dead letters to deliver again, in sequence order. */
  public List<DeadLetter> retryRequested(String realmId, String sink, int max) {
    return em.createQuery(
            "select new dev.leash.keycloak.audit.store.DeadLetter(d.id, d.sink, d.seq,"
                + " d.failedAt, d.error, d.retryRequestedAt) from DeadLetterEntity d"
                + " where d.realmId = :realmId and d.sink = :sink"
                + " and d.retryRequestedAt is not null order by d.seq",
            DeadLetter.class)
        .setParameter("realmId", realmId)
        .setParameter("sink", sink)
        .setMaxResults(max)
        .getResultList();
  }

  /** The sink took the entry at last: the dead letter is gone. */
  public void delivered(String id) {
    DeadLetterEntity letter = em.find(DeadLetterEntity.class, id);
    if (letter != null) {
      em.remove(letter);
    }
  }

  /** The sink refused the entry again, for good: it stays dead, until asked again. */
  public void refusedAgain(String id, String error, long now) {
    DeadLetterEntity letter = em.find(DeadLetterEntity.class, id);
    if (letter != null) {
      letter.failedAt = now;
      letter.error = error == null || error.length() <= 255 ? error : error.substring(0, 255);
      letter.retryRequestedAt = null;
    }
  }

  /** The lowest sequence number of the realm's dead letters: retention keeps it and later ones. */
  public Optional<Long> lowestSeq(String realmId) {
    return Optional.ofNullable(
        em.createQuery(
                "select min(d.seq) from DeadLetterEntity d where d.realmId = :realmId", Long.class)
            .setParameter("realmId", realmId)
            .getSingleResult());
  }
}
