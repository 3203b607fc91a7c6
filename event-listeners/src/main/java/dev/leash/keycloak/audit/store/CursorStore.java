package dev.leash.keycloak.audit.store;

import dev.leash.keycloak.audit.delivery.Cursor;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;

/**
 * Sinks' delivery cursors and dead letters. A cursor is read with its row locked, so one realm's
 * entries go to one sink from one node at a time, in order.
 */
public final class CursorStore {

  private final EntityManager em;

  public CursorStore(EntityManager em) {
    this.em = em;
  }

  /** The sink's cursor on the realm's chain, locked until the transaction ends. */
  public Cursor lock(String realmId, String sink) {
    SinkCursorEntity entity =
        em.find(SinkCursorEntity.class, id(realmId, sink), LockModeType.PESSIMISTIC_WRITE);
    return entity == null ? Cursor.start(realmId, sink) : cursor(entity);
  }

  public void save(Cursor cursor) {
    SinkCursorEntity entity = em.find(SinkCursorEntity.class, id(cursor.realmId(), cursor.sink()));
    if (entity == null) {
      entity = new SinkCursorEntity();
      entity.id = id(cursor.realmId(), cursor.sink());
      entity.realmId = cursor.realmId();
      entity.sink = cursor.sink();
      em.persist(entity);
    }
    entity.nextSeq = cursor.nextSeq();
    entity.attempts = cursor.attempts();
    entity.nextAttemptAt = cursor.nextAttemptAt();
    entity.failingSince = cursor.failingSince();
    entity.lastError = cursor.lastError() == null ? null : limit(cursor.lastError());
    entity.deliveredAt = cursor.deliveredAt();
  }

  /**
   * Forgets how far {@code sink} got in the realm's chain, and what it refused: set up again, it
   * starts at entry 1. Its dead letters could never be delivered again, and retention keeps every
   * entry from the lowest dead letter on, so they would hold the realm's retention back for good.
   */
  public void forget(String realmId, String sink) {
    // A statement, not a read and remove: it sees the row a delivery committed meanwhile, where a
    // read in a transaction's snapshot (MariaDB's repeatable read) would not.
    em.createQuery("delete from SinkCursorEntity c where c.id = :id")
        .setParameter("id", id(realmId, sink))
        .executeUpdate();
    em.createQuery("delete from DeadLetterEntity d where d.realmId = :realmId and d.sink = :sink")
        .setParameter("realmId", realmId)
        .setParameter("sink", sink)
        .executeUpdate();
  }

  /** Records that {@code sink} refused entry {@code seq} of the realm for good. */
  public void deadLetter(String realmId, String sink, long seq, String error, long now) {
    DeadLetterEntity letter = new DeadLetterEntity();
    letter.id = RecordKeeper.newId();
    letter.realmId = realmId;
    letter.sink = sink;
    letter.seq = seq;
    letter.failedAt = now;
    letter.error = error == null ? null : limit(error);
    em.persist(letter);
  }

  public List<Cursor> cursors(String realmId) {
    return em.createQuery(
            "select c from SinkCursorEntity c where c.realmId = :realmId order by c.sink",
            SinkCursorEntity.class)
        .setParameter("realmId", realmId)
        .getResultStream()
        .map(CursorStore::cursor)
        .toList();
  }

  public List<DeadLetter> deadLetters(String realmId, int max) {
    return em.createQuery(
            "select new dev.leash.keycloak.audit.store.DeadLetter(d.id, d.sink, d.seq,"
                + " d.failedAt, d.error, d.retryRequestedAt) from DeadLetterEntity d"
                + " where d.realmId = :realmId"
                + " order by d.seq desc",
            DeadLetter.class)
        .setParameter("realmId", realmId)
        .setMaxResults(max)
        .getResultList();
  }

  private static Cursor cursor(SinkCursorEntity entity) {
    return new Cursor(
        entity.realmId,
        entity.sink,
        entity.nextSeq,
        entity.attempts,
        entity.nextAttemptAt,
        entity.failingSince,
        entity.lastError,
        entity.deliveredAt);
  }

  private static String id(String realmId, String sink) {
    return realmId + "/" + sink;
  }

  private static String limit(String text) {
    return text.length() <= 255 ? text : text.substring(0, 255);
  }
}
