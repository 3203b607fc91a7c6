package dev.leash.keycloak.audit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The outbox of record versions and the per-realm hash chain they are sealed into. Sealing holds
 * the realm's chain-head row lock, so even two drainers at once (a run outliving its cluster lock)
 * cannot fork a chain.
 */
public final class Outbox {

  private static final ObjectMapper MAPPER = new ObjectMapper();

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
   * record's versions in version order); returns how many.
   */
  public int seal(String realmId, long now, int limit) {
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
    for (AuditEntryEntity entry : waiting) {
      ChainedEntry sealed =
          ChainedEntry.seal(
              realmId, head.lastSeq + 1, entry.id, now, head.lastHash, parse(entry.body));
      entry.seq = sealed.seq();
      entry.sealedAt = sealed.sealedAt();
      entry.prevHash = sealed.prevHash();
      entry.hash = sealed.hash();
      head.lastSeq = sealed.seq();
      head.lastHash = sealed.hash();
    }
    return waiting.size();
  }

  /** Realms with a chain, and its last sealed sequence number. */
  public List<ChainHead> heads() {
    return em.createQuery(
            "select new dev.leash.keycloak.audit.store.ChainHead(h.realmId, h.lastSeq, h.lastHash)"
                + " from ChainHeadEntity h",
            ChainHead.class)
        .getResultList();
  }

  /** The realm's chain head; sequence 0 when nothing was sealed. */
  public ChainHead head(String realmId) {
    ChainHeadEntity head = em.find(ChainHeadEntity.class, realmId);
    return head == null
        ? new ChainHead(realmId, 0, ChainedEntry.GENESIS)
        : new ChainHead(realmId, head.lastSeq, head.lastHash);
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

  /** All sealed entries of the realm in order, read a page at a time. */
  public Iterator<ChainedEntry> sealed(String realmId, int pageSize) {
    return new Iterator<>() {
      private List<ChainedEntry> page = sealedFrom(realmId, 1, pageSize);
      private int next;

      @Override
      public boolean hasNext() {
        if (next == page.size() && page.size() == pageSize) {
          page = sealedFrom(realmId, page.get(next - 1).seq() + 1, pageSize);
          next = 0;
        }
        return next < page.size();
      }

      @Override
      public ChainedEntry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.get(next++);
      }
    };
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
        parse(entry.body));
  }

  /** The stored JSON; a body that no longer parses is kept as text, so its hash cannot match. */
  private static ObjectNode parse(String body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException unparseable) {
      // Reported by verification as altered contents.
    }
    return JsonNodeFactory.instance.objectNode().put("unparseable_body", body);
  }
}
