package dev.leash.keycloak.audit.checkpoint;

import dev.leash.keycloak.audit.store.RecordKeeper;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/** Realms' checkpoints in the database. */
public final class CheckpointStore {

  private final EntityManager em;

  public CheckpointStore(EntityManager em) {
    this.em = em;
  }

  public void save(Checkpoint checkpoint) {
    CheckpointEntity entity = new CheckpointEntity();
    entity.id = RecordKeeper.newId();
    entity.realmId = checkpoint.realmId();
    entity.seq = checkpoint.seq();
    entity.entryHash = checkpoint.entryHash();
    entity.createdAt = checkpoint.createdAt();
    entity.kid = checkpoint.kid();
    entity.jws = checkpoint.jws();
    em.persist(entity);
  }

  /** The realm's checkpoint with the highest sequence number. */
  public Optional<Checkpoint> latest(String realmId) {
    return em.createQuery(
            "select c from CheckpointEntity c where c.realmId = :realmId order by c.seq desc",
            CheckpointEntity.class)
        .setParameter("realmId", realmId)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .map(CheckpointStore::checkpoint);
  }

  /** The realm's checkpoint of entry {@code seq}, if one was signed there. */
  public Optional<Checkpoint> at(String realmId, long seq) {
    return inRange(realmId, seq, seq, 1).stream().findFirst();
  }

  /**
   * Up to {@code max} of the realm's checkpoints from {@code fromSeq} to {@code toSeq}, in order.
   */
  public List<Checkpoint> inRange(String realmId, long fromSeq, long toSeq, int max) {
    return em.createQuery(
            "select c from CheckpointEntity c where c.realmId = :realmId"
                + " and c.seq >= :fromSeq and c.seq <= :toSeq order by c.seq",
            CheckpointEntity.class)
        .setParameter("realmId", realmId)
        .setParameter("fromSeq", fromSeq)
        .setParameter("toSeq", toSeq)
        .setMaxResults(max)
        .getResultStream()
        .map(CheckpointStore::checkpoint)
        .toList();
  }

  /**
   * Up to {@code max} of the realm's checkpoints from {@code fromSeq} on whose row says they were
   * signed before {@code before} (epoch second), oldest first.
   */
  public List<Checkpoint> signedBeforeFrom(String realmId, long fromSeq, long before, int max) {
    return em.createQuery(
            "select c from CheckpointEntity c where c.realmId = :realmId and c.seq >= :fromSeq"
                + " and c.createdAt < :before order by c.seq",
            CheckpointEntity.class)
        .setParameter("realmId", realmId)
        .setParameter("fromSeq", fromSeq)
        .setParameter("before", before)
        .setMaxResults(max)
        .getResultStream()
        .map(CheckpointStore::checkpoint)
        .toList();
  }

  private static Checkpoint checkpoint(CheckpointEntity entity) {
    return new Checkpoint(
        entity.realmId, entity.seq, entity.entryHash, entity.createdAt, entity.kid, entity.jws);
  }
}
