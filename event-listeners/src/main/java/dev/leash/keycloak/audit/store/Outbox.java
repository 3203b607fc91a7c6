package dev.leash.keycloak.audit.store;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.chain.StoredLink;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The outbox of record versions and the per-realm hash chain they are sealed into. Sealing holds
 * the realm's chain-head row lock, so even two drainers at once (a run outliving its cluster lock)
 * cannot fork a chain.
 */
public final class Outbox {

  private final EntityManager em;

  public Outbox(EntityManager em) {
    this.em = em;
  }

  /** Realms with entries waiting to be sealed. */
  public List<String> realmsToSeal() {
    return em.createQuery(
            "select distinct e.realmId from AuditEntryEntity e where e.seq is null", String.class)
        .getResultList();
  }

  /**
   * Seals up to {@code limit} waiting entries of the realm in the order they were queued (a
   * record's versions in version order); returns them as sealed.
   */
  public List<ChainedEntry> seal(String realmId, long now, int limit) {
    ChainHeadEntity head = em.find(ChainHeadEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE);
    if (head == null) {
      head = new ChainHeadEntity();
      head.realmId = realmId;
      head.lastSeq = 0;
      head.lastHash = ChainedEntry.GENESIS;
      em.persist(head);
    }
    List<AuditEntryEntity> waiting =
        em.createQuery(
                "select e from AuditEntryEntity e where e.realmId = :realmId and e.seq is null"
                    + " order by e.queuedAt, e.recordId, e.recordVersion",
                AuditEntryEntity.class)
            .setParameter("realmId", realmId)
            .setMaxResults(limit)
            .getResultList();
    List<ChainedEntry> sealedEntries = new ArrayList<>(waiting.size());
    for (AuditEntryEntity entry : waiting) {
      ChainedEntry sealed =
          ChainedEntry.seal(
              realmId,
              head.lastSeq + 1,
              entry.id,
              now,
              head.lastHash,
              ChainedEntry.parseRecord(entry.body));
      entry.seq = sealed.seq();
      entry.sealedAt = sealed.sealedAt();
      entry.prevHash = sealed.prevHash();
      entry.hash = sealed.hash();
      head.lastSeq = sealed.seq();
      head.lastHash = sealed.hash();
      sealedEntries.add(sealed);
    }
    return sealedEntries;
  }

  /** Realms with a chain, and its last sealed sequence number. */
  public List<ChainHead> heads() {
    return em.createQuery(
            "select new dev.leash.keycloak.audit.store.ChainHead(h.realmId, h.lastSeq, h.lastHash)"
                + " from ChainHeadEntity h",
            ChainHead.class)
        .getResultList();
  }

  /**
   * The realm's chain head as committed now (a query, not the persistence context, so a second read
   * in one request sees what committed since); sequence 0 when nothing was sealed.
   */
  public ChainHead head(String realmId) {
    return em.createQuery(
            "select h.lastSeq, h.lastHash from ChainHeadEntity h where h.realmId = :realmId",
            Object[].class)
        .setParameter("realmId", realmId)
        .getResultStream()
        .findFirst()
        .map(row -> new ChainHead(realmId, (Long) row[0], (String) row[1]))
        .orElseGet(() -> new ChainHead(realmId, 0, ChainedEntry.GENESIS));
  }

  /** Up to {@code limit} sealed entries of the realm from {@code fromSeq} on, in order. */
  public List<ChainedEntry> sealedFrom(String realmId, long fromSeq, int limit) {
    return em.createQuery(
            "select e from AuditEntryEntity e where e.realmId = :realmId and e.seq >= :fromSeq"
                + " order by e.seq",
            AuditEntryEntity.class)
        .setParameter("realmId", realmId)
        .setParameter("fromSeq", fromSeq)
        .setMaxResults(limit)
        .getResultStream()
        .map(this::chained)
        .toList();
  }

  /**
   * The realm's stored links from {@code fromSeq} to {@code toSeq} in order, read {@code pageSize}
   * at a time, as they are now (columns may have been emptied).
   */
  public Iterator<StoredLink> stored(String realmId, long fromSeq, long toSeq, int pageSize) {
    return new Iterator<>() {
      private List<StoredLink> page = storedPage(realmId, fromSeq, toSeq, pageSize);
      private int next;

      @Override
      public boolean hasNext() {
        if (next == page.size() && page.size() == pageSize) {
          page = storedPage(realmId, page.get(next - 1).seq() + 1, toSeq, pageSize);
          next = 0;
        }
        return next < page.size();
      }

      @Override
      public StoredLink next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.get(next++);
      }
    };
  }

  /** The lowest sequence number still stored for the realm (retention removes older ones). */
  public Optional<Long> oldestSeq(String realmId) {
    return Optional.ofNullable(
        em.createQuery(
                "select min(e.seq) from AuditEntryEntity e where e.realmId = :realmId", Long.class)
            .setParameter("realmId", realmId)
            .getSingleResult());
  }

  /** The highest sequence number stored for the realm. */
  public Optional<Long> newestSeq(String realmId) {
    return Optional.ofNullable(
        em.createQuery(
                "select max(e.seq) from AuditEntryEntity e where e.realmId = :realmId", Long.class)
            .setParameter("realmId", realmId)
            .getSingleResult());
  }

  /** The stored hash of entry {@code seq}, when it is stored and has one. */
  public Optional<String> storedHash(String realmId, long seq) {
    return em.createQuery(
            "select e.hash from AuditEntryEntity e where e.realmId = :realmId and e.seq = :seq",
            String.class)
        .setParameter("realmId", realmId)
        .setParameter("seq", seq)
        .getResultStream()
        .filter(Objects::nonNull)
        .findFirst();
  }

  /**
   * The realm's chain head, its row locked until the transaction ends, so no entry is sealed
   * meanwhile; empty when nothing was ever sealed.
   */
  public Optional<ChainHead> lockHead(String realmId) {
    return Optional.ofNullable(
            em.find(ChainHeadEntity.class, realmId, LockModeType.PESSIMISTIC_WRITE))
        .map(head -> new ChainHead(realmId, head.lastSeq, head.lastHash));
  }

  /** Deletes the realm's entries from {@code fromSeq} to {@code toSeq}; returns how many. */
  public int deleteSealed(String realmId, long fromSeq, long toSeq) {
    return em.createQuery(
            "delete from AuditEntryEntity e where e.realmId = :realmId"
                + " and e.seq >= :fromSeq and e.seq <= :toSeq")
        .setParameter("realmId", realmId)
        .setParameter("fromSeq", fromSeq)
        .setParameter("toSeq", toSeq)
        .executeUpdate();
  }

  private List<StoredLink> storedPage(String realmId, long fromSeq, long toSeq, int limit) {
    return em.createQuery(
            "select e from AuditEntryEntity e where e.realmId = :realmId"
                + " and e.seq >= :fromSeq and e.seq <= :toSeq order by e.seq",
            AuditEntryEntity.class)
        .setParameter("realmId", realmId)
        .setParameter("fromSeq", fromSeq)
        .setParameter("toSeq", toSeq)
        .setMaxResults(limit)
        .getResultStream()
        .map(
            entry -> {
              em.detach(entry);
              return new StoredLink(
                  entry.realmId,
                  entry.seq,
                  entry.id,
                  entry.sealedAt,
                  entry.prevHash,
                  entry.hash,
                  entry.body);
            })
        .toList();
  }

  /** The entry as a chain link; the entity is detached, so reading a long chain holds no memory. */
  private ChainedEntry chained(AuditEntryEntity entry) {
    em.detach(entry);
    return new ChainedEntry(
        entry.realmId,
        entry.seq,
        entry.id,
        entry.sealedAt,
        entry.prevHash,
        entry.hash,
        ChainedEntry.parseRecord(entry.body));
  }
}
