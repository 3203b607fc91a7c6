package dev.leash.keycloak.audit.store;

import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * Removes a deleted realm's audit rows. What was delivered stays in the sinks; the realm's admin
 * API, the only reader of these rows, is gone with it.
 */
public final class RealmAuditCleanup {

  private static final List<String> ENTITIES =
      List.of(
          "WebhookEntity",
          "CheckpointEntity",
          "RetentionMarkEntity",
          "DeadLetterEntity",
          "SinkCursorEntity",
          "ChainHeadEntity",
          "AuditEntryEntity",
          "AuditRecordEntity");

  private RealmAuditCleanup() {}

  public static void deleteRealm(EntityManager em, String realmId) {
    ENTITIES.forEach(
        entity ->
            em.createQuery("delete from " + entity + " e where e.realmId = :realmId")
                .setParameter("realmId", realmId)
                .executeUpdate());
  }
}
