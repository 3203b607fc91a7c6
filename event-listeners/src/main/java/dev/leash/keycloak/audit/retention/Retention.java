package dev.leash.keycloak.audit.retention;

import dev.leash.keycloak.audit.checkpoint.Checkpoint;
import dev.leash.keycloak.audit.checkpoint.CheckpointStore;
import dev.leash.keycloak.audit.delivery.Cursor;
import dev.leash.keycloak.audit.store.ChainHead;
import dev.leash.keycloak.audit.store.CursorStore;
import dev.leash.keycloak.audit.store.DeadLetterStore;
import dev.leash.keycloak.audit.store.FinishedRecords;
import dev.leash.keycloak.audit.store.Outbox;
import dev.leash.keycloak.core.LeashClock;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The drainer's retention step: deletes, in small transactions, each realm's oldest entries that
 * {@link RetentionPolicy} lets go, then finished records older than the limit. It never deletes an
 * entry a sink still lacks.
 */
public final class Retention {

  /** Rows per transaction, and the most transactions of each kind per run. */
  static final int BATCH = 200;

  static final int MAX_BATCHES_PER_RUN = 10;

  /** Checkpoints considered as the end of the deleted prefix, newest first. */
  private static final int CHECKPOINTS_CONSIDERED = 100;

  private static final Logger LOG = Logger.getLogger(Retention.class);

  private final RetentionPolicy policy;
  private final LeashClock clock;

  public Retention(RetentionPolicy policy, LeashClock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * @param sinksByRealm the id of every sink of each realm with a chain, as the drainer delivers to
   *     them now
   */
  public void run(KeycloakSessionFactory factory, Map<String, Set<String>> sinksByRealm) {
    if (!policy.enabled()) {
      return;
    }
    try {
      List<ChainHead> heads =
          KeycloakModelUtils.runJobInTransactionWithResult(
              factory, session -> new Outbox(em(session)).heads());
      for (ChainHead head : heads) {
        Set<String> sinks = sinksByRealm.getOrDefault(head.realmId(), Set.of());
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
          int deleted =
              KeycloakModelUtils.runJobInTransactionWithResult(
                  factory, session -> deleteEntries(session, head.realmId(), sinks));
          if (deleted < BATCH) {
            break;
          }
        }
      }
      long cutoff = policy.cutoff(clock.nowSeconds());
      for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
        int deleted =
            KeycloakModelUtils.runJobInTransactionWithResult(
                factory,
                session -> new FinishedRecords(em(session)).deleteUpdatedBefore(cutoff, BATCH));
        if (deleted < BATCH) {
          break;
        }
      }
    } catch (RuntimeException e) {
      // The next run tries again; nothing is lost by waiting.
      LOG.warnf(e, "Leash audit retention step failed");
    }
  }

  private int deleteEntries(KeycloakSession session, String realmId, Set<String> sinks) {
    EntityManager em = em(session);
    Outbox outbox = new Outbox(em);
    Optional<Long> oldest = outbox.oldestSeq(realmId);
    if (oldest.isEmpty()) {
      return 0;
    }
    List<Long> checkpointSeqs =
        new CheckpointStore(em)
                .signedBefore(realmId, policy.cutoff(clock.nowSeconds()), CHECKPOINTS_CONSIDERED)
                .stream()
                .map(Checkpoint::seq)
                .toList();
    Map<String, Long> nextSeqBySink =
        new CursorStore(em)
            .cursors(realmId).stream().collect(Collectors.toMap(Cursor::sink, Cursor::nextSeq));
    long through =
        RetentionPolicy.deletableThrough(
            checkpointSeqs,
            sinks,
            nextSeqBySink,
            new DeadLetterStore(em).lowestSeq(realmId).orElse(Long.MAX_VALUE));
    if (through < oldest.get()) {
      return 0;
    }
    int deleted =
        outbox.deleteSealed(realmId, oldest.get(), Math.min(through, oldest.get() + BATCH - 1));
    LOG.debugf("Retention deleted %d audit entries of realm %s", deleted, realmId);
    return deleted;
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
