package dev.leash.keycloak.audit.store;

import dev.leash.keycloak.core.LeashClock;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The drainer's upkeep of records between facts: grants whose deadline passed unused are ended as
 * expired, and counters that moved without a significant change (more rejected polls, more
 * refusals) are delivered at most once per {@link #COUNTED_DELIVERY_SECONDS}, so a flood of
 * refusals costs one delivered version per record per period.
 */
public final class RecordMaintenance {

  public static final long COUNTED_DELIVERY_SECONDS = 60;

  private final EntityManager em;
  private final RecordKeeper keeper;
  private final LeashClock clock;

  public RecordMaintenance(KeycloakSession session, LeashClock clock) {
    this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
    this.keeper = new RecordKeeper(session, clock);
    this.clock = clock;
  }

  /** Ends up to {@code limit} grants whose deadline passed with no tokens; returns how many. */
  public int expireUnused(int limit) {
    long now = clock.nowSeconds();
    List<String> ids =
        em.createQuery(
                "select r.id from AuditRecordEntity r where r.openUntil < :now", String.class)
            .setParameter("now", now)
            .setMaxResults(limit)
            .getResultList();
    ids.forEach(id -> keeper.updateById(id, record -> record.expireIfUnused(now)));
    return ids.size();
  }

  /** Queues up to {@code limit} records whose counters moved; returns how many. */
  public int queueCounted(int limit) {
    long cutoff = (clock.nowSeconds() - COUNTED_DELIVERY_SECONDS) * 1000;
    List<String> ids =
        em.createQuery(
                // COUNTED_SINCE is set exactly while version > queuedVersion; its index finds
                // those few records without reading the others.
                "select r.id from AuditRecordEntity r where r.countedSince is not null"
                    + " and r.queuedAt < :cutoff",
                String.class)
            .setParameter("cutoff", cutoff)
            .setMaxResults(limit)
            .getResultList();
    ids.forEach(keeper::queueCounted);
    return ids.size();
  }
}
