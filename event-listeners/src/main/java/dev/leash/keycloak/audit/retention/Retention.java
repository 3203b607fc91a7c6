package dev.leash.keycloak.audit.retention;

import dev.leash.keycloak.audit.chain.ChainRange;
import dev.leash.keycloak.audit.chain.ChainVerifier;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.chain.Verification;
import dev.leash.keycloak.audit.checkpoint.Checkpoint;
import dev.leash.keycloak.audit.checkpoint.CheckpointCheck;
import dev.leash.keycloak.audit.checkpoint.CheckpointStore;
import dev.leash.keycloak.audit.delivery.Cursor;
import dev.leash.keycloak.audit.logging.PacedWarnings;
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
 * {@link RetentionPolicy} lets go, signing the realm's {@link RetentionMarkPayload mark} first,
 * then finished records older than the limit. It never deletes an entry a sink still lacks, and
 * holds a realm back while entries are gone that no valid mark covers.
 */
public final class Retention {

  /** Rows per transaction, and the most transactions of each kind per run. */
  static final int BATCH = 200;

  static final int MAX_BATCHES_PER_RUN = 10;

  /**
   * Checkpoints from the mark on considered as the end of the next deleted prefix, oldest first:
   * the entries up to the next mark are verified before it is signed, so it does not reach too far.
   */
  private static final int CHECKPOINTS_CONSIDERED = 20;

  /**
   * The most entries one new mark covers when a nearer checkpoint allows: they are verified in the
   * transaction that signs it.
   */
  private static final long MAX_SEGMENT_ENTRIES = 50_000;

  private static final int VERIFY_PAGE = 500;

  /** How often a realm held back for the same reason is logged again. */
  private static final long HOLD_WARNING_EVERY_SECONDS = 3600;

  private static final Logger LOG = Logger.getLogger(Retention.class);

  private final RetentionPolicy policy;
  private final LeashClock clock;

  private final PacedWarnings holdWarnings = new PacedWarnings(HOLD_WARNING_EVERY_SECONDS);

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
                  factory, session -> deleteEntries(session, head.realmId(), sinks));
          // A short batch reached its mark; the next one may sign another (checkpoints can be
          // closer together than a batch), so only a batch that deleted nothing ends the run.
          if (deleted == 0) {
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

  private int deleteEntries(KeycloakSession session, String realmId, Set<String> sinks) {
    RealmModel realm = session.realms().getRealm(realmId);
    EntityManager em = em(session);
    Outbox outbox = new Outbox(em);
    // The head's row lock keeps an admin's acknowledgement, and a second drainer, apart.
    Optional<ChainHead> locked = realm == null ? Optional.empty() : outbox.lockHead(realmId);
    if (locked.isEmpty()) {
      return 0; // a deleted realm's rows go with it (RealmAuditCleanup)
    }
    ChainHead head = locked.get();
    long now = clock.nowSeconds();
    long firstStored = outbox.oldestSeq(realmId).orElse(head.lastSeq() + 1);
    RetentionMarks marks = new RetentionMarks(em);
    RetentionMarkCheck.Result mark = RetentionMarkCheck.ofRealm(session, realm, marks);
    long marked = mark == null ? 0 : mark.throughSeq();
    if (firstStored > marked + 1) {
      // Entries are gone that no valid mark covers. Deleting on would cover them with the next
      // mark; held back, verify keeps naming them until an admin acknowledges them.
      holdBack(
          realm,
          "entries "
              + (marked + 1)
              + " to "
              + (firstStored - 1)
              + " are gone, and "
              + (mark == null
                  ? "the realm has no retention mark"
                  : mark.valid()
                      ? "its retention mark reaches entry " + marked + " only"
                      : "its retention mark does not hold (" + mark.problem() + ")"),
          now);
      return 0;
    }
    // Entries up to the mark still stored: the mark is the target until they are all deleted.
    long through =
        firstStored <= marked
            ? marked
            : firstStored > head.lastSeq() ? 0 : nextMark(session, realm, head, mark, sinks, now);
    if (through < firstStored) {
      return 0;
    }
    int deleted =
        outbox.deleteSealed(realmId, firstStored, Math.min(through, firstStored + BATCH - 1));
    LOG.debugf("Retention deleted %d audit entries of realm %s", deleted, realmId);
    return deleted;
  }

  /**
   * Signs the realm's next mark, at the highest checkpoint after the current mark that every sink
   * has, no dead letter is below, was signed before the cutoff (as its signature says: the row's
   * time is only a copy) and still holds. The entries from the current mark to it must be intact:
   * they must give the hash the checkpoint signed, starting from the hash the current mark signed.
   * The mark commits with the first batch towards it: verify then knows that every entry up to it
   * may be gone, even while later batches are still deleting them.
   *
   * @return the new mark's sequence number, or 0 when it signed none
   */
  private long nextMark(
      KeycloakSession session,
      RealmModel realm,
      ChainHead head,
      RetentionMarkCheck.Result mark,
      Set<String> sinks,
      long now) {
    EntityManager em = em(session);
    String realmId = realm.getId();
    long marked = mark == null ? 0 : mark.throughSeq();
    long cutoff = policy.cutoff(now);
    CheckpointStore checkpoints = new CheckpointStore(em);
    List<Checkpoint> candidates =
        checkpoints.signedBeforeFrom(realmId, marked + 1, cutoff, CHECKPOINTS_CONSIDERED).stream()
            .filter(checkpoint -> checkpoint.seq() <= marked + MAX_SEGMENT_ENTRIES)
            .toList();
    if (candidates.isEmpty()) {
      // The nearest checkpoint is further away than a segment; it is the only way on.
      candidates = checkpoints.signedBeforeFrom(realmId, marked + 1, cutoff, 1);
    }
    Map<String, Long> nextSeqBySink =
        new CursorStore(em)
            .cursors(realmId).stream().collect(Collectors.toMap(Cursor::sink, Cursor::nextSeq));
    long through =
        RetentionPolicy.deletableThrough(
            candidates.stream().map(Checkpoint::seq).toList(),
            sinks,
            nextSeqBySink,
            new DeadLetterStore(em).lowestSeq(realmId).orElse(Long.MAX_VALUE));
    String problem = null;
    for (int i = candidates.size() - 1; i >= 0; i--) {
      Checkpoint candidate = candidates.get(i);
      if (candidate.seq() > through) {
        continue;
      }
      CheckpointCheck.Result checkpoint = CheckpointCheck.check(session, realm, candidate);
      if (!checkpoint.valid() || checkpoint.signedAt() >= cutoff) {
        // A checkpoint of a deleted key, or one whose row lies about its time: a lower one may do.
        problem =
            problem != null
                ? problem
                : "the checkpoint at "
                    + candidate.seq()
                    + (checkpoint.valid()
                        ? " was signed after the limit, not as its row says"
                        : " does not hold: " + checkpoint.problem());
        continue;
      }
      Verification segment =
          ChainVerifier.verify(
              new Outbox(em).stored(realmId, marked + 1, candidate.seq(), VERIFY_PAGE),
              new ChainRange(
                  marked + 1,
                  marked == 0 ? ChainedEntry.GENESIS : mark.signed().hash(),
                  candidate.seq(),
                  head.lastSeq(),
                  head.lastHash()),
              Map.of(candidate.seq(), checkpoint.signedHash()));
      if (!segment.intact()) {
        holdBack(
            realm,
            "entries "
                + (marked + 1)
                + " to "
                + candidate.seq()
                + ", which it would delete next, are not intact ("
                + (segment.broken() != null
                    ? "entry " + segment.broken().seq() + ": " + segment.broken().problem()
                    : segment.checkpointProblem().problem())
                + ")",
            now);
        return 0;
      }
      new RetentionMarks(em)
          .mark(
              session,
              realm,
              new RetentionMarkPayload(
                  realmId, candidate.seq(), checkpoint.signedHash(), now, null));
      return candidate.seq();
    }
    if (problem != null) {
      holdBack(realm, problem, now);
    }
    return 0;
  }

  private void holdBack(RealmModel realm, String why, long now) {
    if (!holdWarnings.due(realm.getId(), why, now)) {
      return;
    }
    LOG.warnf(
        "Leash audit retention of realm %s is held back: %s. Deleted or changed by hand, or by a"
            + " build of Leash whose retention signed no mark; verify names them. Once you know"
            + " what happened, POST /admin/realms/%s/leash/audit/retention/acknowledge?through=N"
            + " records entries gone from the chain's start and lets retention go on.",
        realm.getName(), why, realm.getName());
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
