package dev.leash.keycloak.audit;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.delivery.Cursor;
import dev.leash.keycloak.audit.sink.AuditSink;
import dev.leash.keycloak.audit.sink.DeliveryFailure;
import dev.leash.keycloak.audit.store.ChainHead;
import dev.leash.keycloak.audit.store.CursorStore;
import dev.leash.keycloak.audit.store.Outbox;
import dev.leash.keycloak.audit.store.RecordMaintenance;
import dev.leash.keycloak.core.LeashClock;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakSessionTaskWithResult;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * The one cluster-wide drainer of the audit outbox, run by {@link
 * dev.leash.keycloak.core.ClusterWideRun}: it ends grants that expired unused, queues moved
 * counters, seals new entries into each realm's hash chain and delivers sealed entries to every
 * sink in sequence order. Each step runs in its own short transaction, so a slow sink holds no lock
 * any request needs.
 */
final class AuditDrainer implements ScheduledTask {

  static final String TASK_NAME = "leash-audit-drainer";

  /** Entries per transaction, and the most batches per realm and sink in one run. */
  static final int BATCH = 500;

  static final int MAX_BATCHES_PER_RUN = 20;

  private static final Logger LOG = Logger.getLogger(AuditDrainer.class);

  private final List<AuditSink> sinks;
  private final LeashClock clock;

  AuditDrainer(List<AuditSink> sinks, LeashClock clock) {
    this.sinks = sinks;
    this.clock = clock;
  }

  @Override
  public String getTaskName() {
    return TASK_NAME;
  }

  @Override
  public void run(KeycloakSession session) {
    KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
    inTransaction(
        factory,
        upkeep -> {
          RecordMaintenance maintenance = new RecordMaintenance(upkeep, clock);
          return maintenance.expireUnused(BATCH) + maintenance.queueCounted(BATCH);
        });
    for (String realmId : inTransaction(factory, reading -> outbox(reading).realmsToSeal())) {
      repeat(
          () ->
              inTransaction(
                      factory, sealing -> outbox(sealing).seal(realmId, clock.nowSeconds(), BATCH))
                  == BATCH);
    }
    for (ChainHead head : inTransaction(factory, reading -> outbox(reading).heads())) {
      for (AuditSink sink : sinks) {
        repeat(() -> inTransaction(factory, delivering -> deliver(delivering, head, sink)));
      }
    }
  }

  /**
   * Delivers the next batch of the realm's chain to {@code sink}, advancing its cursor; {@code
   * true} when more entries may be waiting.
   */
  private boolean deliver(KeycloakSession session, ChainHead head, AuditSink sink) {
    long now = clock.nowSeconds();
    CursorStore cursors = new CursorStore(em(session));
    Cursor cursor = cursors.lock(head.realmId(), sink.id());
    if (!cursor.due(now) || cursor.nextSeq() > head.lastSeq()) {
      return false;
    }
    List<ChainedEntry> batch = outbox(session).sealedFrom(head.realmId(), cursor.nextSeq(), BATCH);
    if (batch.isEmpty()) {
      return false;
    }
    RealmModel realm = session.realms().getRealm(head.realmId());
    try {
      sink.deliver(realm == null ? null : realm.getName(), batch);
      cursors.save(cursor.delivered(batch.size(), now));
      return batch.size() == BATCH;
    } catch (DeliveryFailure failure) {
      if (failure.permanent()) {
        Cursor next = cursor.rejected(failure.delivered(), failure.getMessage(), now);
        LOG.warnf(
            "Audit sink %s refused entry %d of realm %s for good (%s); it is dead-lettered",
            sink.id(), next.nextSeq() - 1, head.realmId(), failure.getMessage());
        cursors.deadLetter(
            head.realmId(), sink.id(), next.nextSeq() - 1, failure.getMessage(), now);
        cursors.save(next);
        return true;
      }
      Cursor next = cursor.failed(failure.delivered(), failure.getMessage(), now);
      if (next.attempts() == 1) {
        LOG.warnf(
            "Audit sink %s failed for realm %s at entry %d, retrying with back-off: %s",
            sink.id(), head.realmId(), next.nextSeq(), failure.getMessage());
      }
      cursors.save(next);
      return false;
    }
  }

  /** Runs {@code step} while it says there is more, at most {@link #MAX_BATCHES_PER_RUN} times. */
  private static void repeat(BooleanSupplier step) {
    for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      try {
        if (!step.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // One realm or sink in trouble must not hold back the others; the next run retries.
        LOG.errorf(e, "Leash audit drainer step failed");
        return;
      }
    }
  }

  private static <T> T inTransaction(
      KeycloakSessionFactory factory, KeycloakSessionTaskWithResult<T> task) {
    return KeycloakModelUtils.runJobInTransactionWithResult(factory, task);
  }

  private static Outbox outbox(KeycloakSession session) {
    return new Outbox(em(session));
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
