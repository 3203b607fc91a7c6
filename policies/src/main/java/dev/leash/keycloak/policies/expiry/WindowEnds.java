package dev.leash.keycloak.policies.expiry;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/** The windows the sweep must close, in the table {@link WindowEndEntity} maps. */
final class WindowEnds {

  private final EntityManager em;

  private WindowEnds(EntityManager em) {
    this.em = em;
  }

  static WindowEnds of(KeycloakSession session) {
    return new WindowEnds(session.getProvider(JpaConnectionProvider.class).getEntityManager());
  }

  /**
   * Records that {@code clientSession} ends at {@code windowEnd}, in the transaction that issues
   * its tokens. A row per stamp, never an update: two grants approved from one browser session at
   * once then cannot collide, and the sweep closes the earlier window first.
   */
  void record(AuthenticatedClientSessionModel clientSession, long windowEnd) {
    WindowEndEntity row = new WindowEndEntity();
    row.id = KeycloakModelUtils.generateId();
    row.realmId = clientSession.getRealm().getId();
    row.userSessionId = clientSession.getUserSession().getId();
    row.clientId = clientSession.getClient().getId();
    row.windowEnd = windowEnd;
    em.persist(row);
  }

  /** At most {@code limit} windows that ended by {@code now}, the longest-ended first. */
  List<WindowEndEntity> due(long now, int limit) {
    return em.createQuery(
            "select w from WindowEndEntity w where w.windowEnd <= :now order by w.windowEnd",
            WindowEndEntity.class)
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }

  /**
   * Deletes the windows with {@code ids} in one statement. A bulk delete does not fail on a row
   * that is already gone, so a window closed twice (by a run on another node that outlived its
   * lock) does not roll back the rest of the run.
   */
  void removeAll(List<String> ids) {
    if (!ids.isEmpty()) {
      em.createQuery("delete from WindowEndEntity w where w.id in :ids")
          .setParameter("ids", ids)
          .executeUpdate();
    }
  }
}
