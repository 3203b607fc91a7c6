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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
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
                  factory, session -> deleteEntries(session, head, sinks));
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

  private int deleteEntries(KeycloakSession session, ChainHead head, Set<String> sinks) {
    String realmId = head.realmId();
    RealmModel realm = session.realms().getRealm(realmId);
    if (realm == null) {
      return 0; // the realm's rows go with it (RealmAuditCleanup)
    }
    EntityManager em = em(session);
    Outbox outbox = new Outbox(em);
    long now = clock.nowSeconds();
    long cutoff = policy.cutoff(now);
    CheckpointStore checkpoints = new CheckpointStore(em);
    RetentionMarks marks = new RetentionMarks(em);
    long firstStored = outbox.oldestSeq(realmId).orElse(head.lastSeq() + 1);
    long marked =
        marks
            .of(realmId)
            .map(RetentionMark::throughSeq)
            .orElseGet(
                () ->
                    firstStored > 1
                        ? adoptEarlierDeletion(
                            session, realm, checkpoints, marks, firstStored - 1, cutoff, now)
                        : 0L);
    if (firstStored > head.lastSeq()) {
      return 0;
    }
    List<Long> checkpointSeqs =
        checkpoints.signedBefore(realmId, cutoff, CHECKPOINTS_CONSIDERED).stream()
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
    // The mark commits with the first batch towards it: verify then knows that every entry up to
    // it may be gone, even while later batches are still deleting them.
    if (marked < through) {
      marks.mark(session, realm, through, now);
    }
    int deleted =
        outbox.deleteSealed(realmId, firstStored, Math.min(through, firstStored + BATCH - 1));
    LOG.debugf("Retention deleted %d audit entries of realm %s", deleted, realmId);
    return deleted;
  }

  /**
   * A chain that retention shortened before it signed marks (earlier builds of this version) gets
   * the mark that the rule of that version would have accepted: the entries are gone up to a valid
   * checkpoint signed before the cutoff.
   *
   * @return the sequence number it marked through, or 0 when it marked nothing
   */
  private static long adoptEarlierDeletion(
      KeycloakSession session,
      RealmModel realm,
      CheckpointStore checkpoints,
      RetentionMarks marks,
      long goneThrough,
      long cutoff,
      long now) {
    Optional<Checkpoint> checkpoint = checkpoints.at(realm.getId(), goneThrough);
    if (checkpoint.isEmpty()) {
      return 0;
    }
    CheckpointCheck.Result check = CheckpointCheck.check(session, realm, checkpoint.get());
    if (check.valid() && check.signedAt() < cutoff) {
      marks.mark(session, realm, goneThrough, now);
      LOG.infof(
          "Leash audit retention marked realm %s's entries up to %d, which it deleted earlier",
          realm.getName(), goneThrough);
      return goneThrough;
    }
    return 0;
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
