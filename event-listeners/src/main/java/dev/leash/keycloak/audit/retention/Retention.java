package dev.leash.keycloak.audit.retention;

import dev.leash.keycloak.audit.checkpoint.Checkpoint;
import dev.leash.keycloak.audit.checkpoint.CheckpointCheck;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The drainer's retention step: deletes, in small transactions, each realm's oldest entries that
 * {@link RetentionPolicy} lets go, signing the realm's {@link RetentionMarkPayload mark} first,
 * then finished records older than the limit. It never deletes an entry a sink still lacks, and
 * holds a realm back while entries are gone that no valid mark covers.
 */
public final class Retention {

  /** Rows per transaction, and the most transactions of each kind per run. */
  static final int BATCH = 200;

  static final int MAX_BATCHES_PER_RUN = 10;

  /** Checkpoints considered as the end of the deleted prefix, newest first. */
  private static final int CHECKPOINTS_CONSIDERED = 100;

  /** How often a realm held back by the same gap is logged again. */
  private static final long HOLD_WARNING_EVERY_SECONDS = 3600;

  private static final Logger LOG = Logger.getLogger(Retention.class);

  private final RetentionPolicy policy;
  private final LeashClock clock;

  /**
   * What this node last logged of each held-back realm, and when. Only a log line's pacing: a node
   * that forgets, or another node, logs it once more.
   */
  private final Map<String, HoldWarning> holdWarnings = new ConcurrentHashMap<>();

  private record HoldWarning(long marked, long firstStored, long at) {}

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
    List<ChainHead> heads;
    try {
      heads =
          KeycloakModelUtils.runJobInTransactionWithResult(
              factory, session -> new Outbox(em(session)).heads());
    } catch (RuntimeException e) {
      LOG.warnf(e, "Leash audit retention step failed"); // the next run tries again
      return;
    }
    for (ChainHead head : heads) {
      Set<String> sinks = sinksByRealm.getOrDefault(head.realmId(), Set.of());
      try {
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
          int deleted =
              KeycloakModelUtils.runJobInTransactionWithResult(
                  factory, session -> deleteEntries(session, head, sinks));
          if (deleted < BATCH) {
            break;
          }
        }
      } catch (RuntimeException e) {
        // One realm (a key it cannot sign with, say) holds back no other.
        LOG.warnf(e, "Leash audit retention failed for realm %s", head.realmId());
      }
    }
    try {
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
      LOG.warnf(e, "Leash audit retention of finished records failed");
    }
  }

  private int deleteEntries(KeycloakSession session, ChainHead head, Set<String> sinks) {
    String realmId = head.realmId();
    RealmModel realm = session.realms().getRealm(realmId);
    if (realm == null) {
      return 0; // the realm's rows go with it (RealmAuditCleanup)
    }
    EntityManager em = em(session);
    Outbox outbox = new Outbox(em);
    long now = clock.nowSeconds();
    long firstStored = outbox.oldestSeq(realmId).orElse(head.lastSeq() + 1);
    RetentionMarks marks = new RetentionMarks(em);
    RetentionMarkCheck.Result mark = RetentionMarkCheck.ofRealm(session, realm, marks);
    long marked = mark == null ? 0 : mark.throughSeq();
    if (firstStored > marked + 1) {
      // Entries are gone that no valid mark covers. Deleting on would cover them with the next
      // mark; held back, verify keeps naming them until an admin acknowledges them.
      warnHeldBack(realm, marked, firstStored, mark, now);
      return 0;
    }
    if (firstStored > head.lastSeq()) {
      return 0;
    }
    CheckpointStore checkpoints = new CheckpointStore(em);
    List<Long> checkpointSeqs =
        checkpoints.signedBefore(realmId, policy.cutoff(now), CHECKPOINTS_CONSIDERED).stream()
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
    if (through < firstStored) {
      return 0;
    }
    if (marked < through) {
      CheckpointCheck.Result checkpoint =
          checkpoints
              .at(realmId, through)
              .map(stored -> CheckpointCheck.check(session, realm, stored))
              .orElseThrow();
      if (!checkpoint.valid()) {
        throw new IllegalStateException(
            "the checkpoint at " + through + " does not hold: " + checkpoint.problem());
      }
      // The mark commits with the first batch towards it: verify then knows that every entry up
      // to it may be gone, even while later batches are still deleting them.
      marks.mark(
          session,
          realm,
          new RetentionMarkPayload(realmId, through, checkpoint.signedHash(), now, null));
    }
    int deleted =
        outbox.deleteSealed(realmId, firstStored, Math.min(through, firstStored + BATCH - 1));
    LOG.debugf("Retention deleted %d audit entries of realm %s", deleted, realmId);
    return deleted;
  }

  private void warnHeldBack(
      RealmModel realm, long marked, long firstStored, RetentionMarkCheck.Result mark, long now) {
    HoldWarning last = holdWarnings.get(realm.getId());
    if (last != null
        && last.marked() == marked
        && last.firstStored() == firstStored
        && now - last.at() < HOLD_WARNING_EVERY_SECONDS) {
      return;
    }
    holdWarnings.put(realm.getId(), new HoldWarning(marked, firstStored, now));
    LOG.warnf(
        "Leash audit retention of realm %s is held back: entries %d to %d are gone, and %s."
            + " Deleted by hand, or by a build of Leash whose retention signed no mark; verify names"
            + " them. POST /admin/realms/%s/leash/audit/retention/acknowledge records that they are"
            + " gone and lets retention go on.",
        realm.getName(),
        marked + 1,
        firstStored - 1,
        mark == null
            ? "the realm has no retention mark"
            : mark.valid()
                ? "its retention mark reaches entry " + marked + " only"
                : "its retention mark does not hold (" + mark.problem() + ")",
        realm.getName());
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
