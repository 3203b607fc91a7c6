package dev.leash.keycloak.audit.store;

import dev.leash.keycloak.audit.chain.RecordColumns;
import dev.leash.keycloak.audit.chain.SealedVersion;
import jakarta.persistence.EntityManager;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Record rows next to the entries of a chain range that sealed their current version (or a later
 * one), for verification. Reads one window of sequence numbers at a time, so a long range never
 * loads more than a window's entries and rows.
 */
public final class SealedVersions {

  private final EntityManager em;

  public SealedVersions(EntityManager em) {
    this.em = em;
  }

  /**
   * The realm's rows whose version an entry from {@code fromSeq} to {@code toSeq} sealed or passed,
   * in sequence order, reading {@code window} sequence numbers per query.
   */
  public Iterator<SealedVersion> inRange(String realmId, long fromSeq, long toSeq, int window) {
    return new Iterator<>() {
      private long nextFrom = fromSeq;
      private List<SealedVersion> page = List.of();
      private int next;

      @Override
      public boolean hasNext() {
        while (next == page.size() && nextFrom <= toSeq) {
          long to = Math.min(toSeq, nextFrom + window - 1);
          page = window(realmId, nextFrom, to);
          next = 0;
          nextFrom = to + 1;
        }
        return next < page.size();
      }

      @Override
      public SealedVersion next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.get(next++);
      }
    };
  }

  private List<SealedVersion> window(String realmId, long fromSeq, long toSeq) {
    // Older versions of a record are left out by the database: only the entry of the row's
    // current version, and any a set-back row has not reached, are worth reading.
    return em.createQuery(
            "select e.seq, e.id, e.recordId, e.recordVersion, e.body, r.version, r.body,"
                + " r.kind, r.clientId, r.approverId, r.approverUsername, r.outcome"
                + " from AuditEntryEntity e join AuditRecordEntity r on r.id = e.recordId"
                + " where e.realmId = :realmId and e.seq >= :fromSeq and e.seq <= :toSeq"
                + " and r.version <= e.recordVersion order by e.seq",
            Object[].class)
        .setParameter("realmId", realmId)
        .setParameter("fromSeq", fromSeq)
        .setParameter("toSeq", toSeq)
        .getResultStream()
        .map(
            row ->
                new SealedVersion(
                    (Long) row[0],
                    (String) row[1],
                    (String) row[2],
                    (Integer) row[3],
                    (String) row[4],
                    (Integer) row[5],
                    (String) row[6],
                    new RecordColumns(
                        (String) row[7],
                        (String) row[8],
                        (String) row[9],
                        (String) row[10],
                        (String) row[11])))
        .toList();
  }
}
