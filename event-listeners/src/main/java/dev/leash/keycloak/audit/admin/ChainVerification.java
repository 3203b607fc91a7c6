package dev.leash.keycloak.audit.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.ChainRange;
import dev.leash.keycloak.audit.chain.ChainVerifier;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.chain.RecordRowCheck;
import dev.leash.keycloak.audit.chain.RecordVerification;
import dev.leash.keycloak.audit.chain.Verification;
import dev.leash.keycloak.audit.checkpoint.Checkpoint;
import dev.leash.keycloak.audit.checkpoint.CheckpointCheck;
import dev.leash.keycloak.audit.checkpoint.CheckpointStore;
import dev.leash.keycloak.audit.retention.RetentionMark;
import dev.leash.keycloak.audit.retention.RetentionMarkCheck;
import dev.leash.keycloak.audit.retention.RetentionMarks;
import dev.leash.keycloak.audit.retention.RetentionStart;
import dev.leash.keycloak.audit.store.ChainHead;
import dev.leash.keycloak.audit.store.Outbox;
import dev.leash.keycloak.audit.store.SealedVersions;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * One call of {@code GET .../leash/audit/verify}: at most {@code max} entries from {@code from} on,
 * read a page at a time, the checkpoints among them, and the record rows whose current version they
 * sealed. The answer says where it stopped and where the next call goes on ({@code next_from});
 * entry {@code from - 1}'s stored hash anchors a continuation, a signed checkpoint anchors the
 * oldest entry retention kept.
 */
final class ChainVerification {

  static final int DEFAULT_MAX = 10_000;
  static final int MAX_MAX = 100_000;
  private static final int PAGE = 500;

  private final KeycloakSession session;
  private final RealmModel realm;
  private final EntityManager em;

  ChainVerification(KeycloakSession session, RealmModel realm, EntityManager em) {
    this.session = session;
    this.realm = realm;
    this.em = em;
  }

  /**
   * @param from the first sequence number to check, or {@code null} for the oldest one stored
   * @param max the most entries to check
   */
  ObjectNode verify(Long from, int max) {
    Outbox outbox = new Outbox(em);
    CheckpointStore checkpoints = new CheckpointStore(em);
    ChainHead head = outbox.head(realm.getId());
    Optional<RetentionMark> mark = new RetentionMarks(em).of(realm.getId());
    RetentionMarkCheck.Result markCheck =
        mark.map(stored -> RetentionMarkCheck.check(session, realm, stored)).orElse(null);
    OptionalLong markedThrough =
        markCheck != null && markCheck.valid()
            ? OptionalLong.of(markCheck.signed().throughSeq())
            : OptionalLong.empty();
    // With no entry stored (retention removed them all), the checkpoint of the head anchors it.
    long fromSeq =
        RetentionStart.of(
            from, outbox.oldestSeq(realm.getId()).orElse(head.lastSeq() + 1), markedThrough);
    long toSeq = Math.min(head.lastSeq(), fromSeq + max - 1);

    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("realm", realm.getName());
    ObjectNode anchor = JsonNodeFactory.instance.objectNode();
    String anchorHash = anchor(fromSeq, outbox, checkpoints, markedThrough, anchor);

    Map<Long, String> signedHashes = new HashMap<>();
    Verification.CheckpointProblem signatureProblem = null;
    long checkpointsChecked = 0;
    for (Checkpoint checkpoint :
        checkpoints.inRange(realm.getId(), fromSeq, toSeq, Math.max(1, max))) {
      checkpointsChecked++;
      CheckpointCheck.Result check = CheckpointCheck.check(session, realm, checkpoint);
      if (check.valid()) {
        signedHashes.put(checkpoint.seq(), check.signedHash());
      } else if (signatureProblem == null) {
        signatureProblem = new Verification.CheckpointProblem(checkpoint.seq(), check.problem());
      }
    }
    Verification verification =
        ChainVerifier.verify(
            outbox.stored(realm.getId(), fromSeq, toSeq, PAGE),
            new ChainRange(fromSeq, anchorHash, toSeq, head.lastSeq(), head.lastHash()),
            signedHashes);
    if (signatureProblem != null) {
      verification = verification.withCheckpointProblem(signatureProblem);
    }
    // Each row's current version is sealed by one entry, so calls that cover the chain compare
    // every row once.
    RecordVerification records =
        RecordRowCheck.verify(new SealedVersions(em).inRange(realm.getId(), fromSeq, toSeq, PAGE));

    boolean markHolds = markCheck == null || markCheck.valid();
    result.put("intact", verification.intact() && records.intact() && markHolds);
    result.put("from_seq", fromSeq);
    result.put("to_seq", Math.max(toSeq, fromSeq - 1));
    result.put("entries", verification.entries());
    result.put("last_seq", head.lastSeq());
    result.put("complete", toSeq >= head.lastSeq());
    if (toSeq < head.lastSeq()) {
      result.put("next_from", toSeq + 1);
    }
    result.set("anchor", anchor);
    if (mark.isPresent()) {
      ObjectNode retention = result.putObject("retention_mark");
      retention.put("through_seq", mark.get().throughSeq());
      retention.put("kid", mark.get().kid());
      if (markHolds) {
        retention.put("marked_at", Instant.ofEpochSecond(markCheck.signed().markedAt()).toString());
      } else {
        retention.put("problem", markCheck.problem());
      }
    }
    ObjectNode checked = result.putObject("checkpoints");
    checked.put("checked", checkpointsChecked);
    checked.put("matched", verification.checkpointsMatched());
    ObjectNode rows = result.putObject("records");
    rows.put("checked", records.checked());
    rows.put("matched", records.matched());
    if (verification.broken() != null) {
      ObjectNode broken = result.putObject("first_broken");
      broken.put("seq", verification.broken().seq());
      broken.put("entry_id", verification.broken().entryId());
      broken.put("record_id", verification.broken().recordId());
      broken.put("problem", verification.broken().problem());
    }
    if (verification.checkpointProblem() != null) {
      ObjectNode problem = result.putObject("checkpoint_problem");
      problem.put("seq", verification.checkpointProblem().seq());
      problem.put("problem", verification.checkpointProblem().problem());
    }
    if (records.first() != null) {
      ObjectNode problem = result.putObject("record_problem");
      problem.put("record_id", records.first().recordId());
      problem.put("seq", records.first().seq());
      problem.put("entry_id", records.first().entryId());
      problem.put("problem", records.first().problem());
    }
    return result;
  }

  /**
   * The hash entry {@code fromSeq} must point at, described in {@code anchor}; {@code null} when
   * nothing is left to anchor it.
   */
  private String anchor(
      long fromSeq,
      Outbox outbox,
      CheckpointStore checkpoints,
      OptionalLong markedThrough,
      ObjectNode anchor) {
    if (fromSeq <= 1) {
      anchor.put("kind", "genesis");
      return ChainedEntry.GENESIS;
    }
    long before = fromSeq - 1;
    Optional<String> stored = outbox.storedHash(realm.getId(), before);
    if (stored.isPresent()) {
      anchor.put("kind", "entry");
      anchor.put("seq", before);
      anchor.put("note", "entry " + before + " as stored; the call that covered it verified it");
      return stored.get();
    }
    if (markedThrough.isEmpty() || markedThrough.getAsLong() != before) {
      anchor.put("kind", "none");
      anchor.put(
          "note",
          "entries up to "
              + before
              + " are gone, and "
              + (markedThrough.isEmpty()
                  ? "no valid retention mark says retention deleted any"
                  : "the retention mark is at entry " + markedThrough.getAsLong() + ", not there"));
      return null;
    }
    Optional<Checkpoint> checkpoint = checkpoints.at(realm.getId(), before);
    anchor.put("kind", "checkpoint");
    anchor.put("seq", before);
    if (checkpoint.isEmpty()) {
      anchor.put(
          "note", "retention deleted the entries up to " + before + ", but its checkpoint is gone");
      return null;
    }
    anchor.put("kid", checkpoint.get().kid());
    CheckpointCheck.Result check = CheckpointCheck.check(session, realm, checkpoint.get());
    if (!check.valid()) {
      anchor.put("note", "the checkpoint at " + before + " does not hold: " + check.problem());
      return null;
    }
    anchor.put(
        "note",
        "entries up to "
            + before
            + " are no longer stored (retention, as its mark says); the checkpoint signed at "
            + before
            + " anchors entry "
            + fromSeq);
    return check.signedHash();
  }
}
