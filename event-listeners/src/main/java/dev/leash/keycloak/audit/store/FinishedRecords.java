package dev.leash.keycloak.audit.store;

import dev.leash.keycloak.audit.record.Outcome;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * Retention of approval records: a record whose grant is over (not pending, no deadline left),
 * whose last version is queued, and which has not changed since the cutoff, may go. Its versions
 * stay in the chain until retention removes them there, once every sink has them.
 */
public final class FinishedRecords {

  private final EntityManager em;

  public FinishedRecords(EntityManager em) {
    this.em = em;
  }

  /** Deletes up to {@code limit} records finished before {@code cutoff}; returns how many. */
  public int deleteUpdatedBefore(long cutoff, int limit) {
    List<String> ids =
        em.createQuery(
                "select r.id from AuditRecordEntity r where r.updatedAt < :cutoff"
                    + " and r.outcome <> :pending and r.openUntil is null"
                    + " and r.countedSince is null",
                String.class)
            .setParameter("cutoff", cutoff)
            .setParameter("pending", Outcome.PENDING.id())
            .setMaxResults(limit)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("delete from AuditRecordEntity r where r.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }
}
