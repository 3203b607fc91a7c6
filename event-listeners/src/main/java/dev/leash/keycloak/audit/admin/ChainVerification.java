package dev.leash.keycloak.audit.admin;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.leash.keycloak.audit.retention.RetentionMarkCheck;
import dev.leash.keycloak.audit.retention.RetentionMarkPayload;
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
 * entry {@code from - 1}'s stored hash anchors a continuation, the realm's signed retention mark
 * the entry after the start retention deleted.
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
    ObjectNode result = verifyOnce(from, max);
    // Retention may have signed a new mark and deleted towards it, or deleted entries below its
    // current mark that this call was reading, while this call read: what it read then mixes two
    // states. Read again; a start retention passed then moves after the mark.
    if (!result.path("intact").asBoolean() && (markMoved(result) || overtaken(result))) {
      result = verifyOnce(from, max);
    }
    return result;
  }

  private boolean overtaken(ObjectNode result) {
    JsonNode through = result.path("retention_mark").path("through_seq");
    return RetentionStart.overtaken(
        result.path("from_seq").asLong(),
        new Outbox(em).oldestSeq(realm.getId()).map(OptionalLong::of).orElse(OptionalLong.empty()),
        through.isNumber() ? OptionalLong.of(through.asLong()) : OptionalLong.empty());
  }

  private boolean markMoved(ObjectNode result) {
    RetentionMarkCheck.Result now =
        RetentionMarkCheck.ofRealm(session, realm, new RetentionMarks(em));
    return now != null
        && now.valid()
        && now.throughSeq() != result.path("retention_mark").path("through_seq").asLong(-1);
  }

  private ObjectNode verifyOnce(Long from, int max) {
    Outbox outbox = new Outbox(em);
    CheckpointStore checkpoints = new CheckpointStore(em);
    // Read in the order the drainer commits: the oldest entry before the mark (retention commits
    // a new mark with its first deletion towards it), and how far entries, checkpoints and the
    // mark reach before the head (sealing and signing only ever raise them all together), so that
    // nothing committed meanwhile looks like tampering.
    Optional<Long> oldest = outbox.oldestSeq(realm.getId());
    RetentionMarkCheck.Result mark =
        RetentionMarkCheck.ofRealm(session, realm, new RetentionMarks(em));
    long reached =
        Math.max(
            outbox.newestSeq(realm.getId()).orElse(0L),
            Math.max(
                checkpoints.latest(realm.getId()).map(Checkpoint::seq).orElse(0L),
                mark == null ? 0 : mark.throughSeq()));
    ChainHead head = outbox.head(realm.getId());
    // With no entry stored (retention removed them all), the mark at the head anchors it; a start
    // beyond the head is the entry after it.
    long fromSeq =
        Math.min(
            head.lastSeq() + 1,
            RetentionStart.of(
                from,
                oldest.orElse(head.lastSeq() + 1),
                mark != null && mark.valid()
                    ? OptionalLong.of(mark.throughSeq())
                    : OptionalLong.empty()));
    long toSeq = Math.min(head.lastSeq(), fromSeq + max - 1);

    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("realm", realm.getName());
    ObjectNode anchor = JsonNodeFactory.instance.objectNode();
    String anchorHash = anchor(fromSeq, outbox, mark, anchor);

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
    if (reached > head.lastSeq()) {
      verification = verification.withBroken(beyondHead(head, reached));
    }
    // Each row's current version is sealed by one entry, so calls that cover the chain compare
    // every row once.
    RecordVerification records =
        RecordRowCheck.verify(new SealedVersions(em).inRange(realm.getId(), fromSeq, toSeq, PAGE));

    boolean markHolds = mark == null || mark.valid();
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
    if (mark != null) {
      ObjectNode retention = result.putObject("retention_mark");
      if (mark.valid()) {
        retention.put("through_seq", mark.signed().throughSeq());
        retention.put("kid", mark.kid());
        retention.put("marked_at", Instant.ofEpochSecond(mark.signed().markedAt()).toString());
        if (mark.signed().acknowledgedBy() != null) {
          retention.put("acknowledged_by", mark.signed().acknowledgedBy());
        }
        retention.put("jws", mark.jws());
      } else {
        retention.put("problem", mark.problem());
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
   *
   * @param mark the realm's retention mark, checked, or {@code null}
   */
  private String anchor(
      long fromSeq, Outbox outbox, RetentionMarkCheck.Result mark, ObjectNode anchor) {
    if (fromSeq <= 1) {
      anchor.put("kind", "genesis");
      return ChainedEntry.GENESIS;
    }
    long before = fromSeq - 1;
    if (mark != null && mark.valid() && mark.throughSeq() == before) {
      return markAnchor(fromSeq, mark.signed(), anchor);
    }
    Optional<String> stored = outbox.storedHash(realm.getId(), before);
    if (stored.isPresent()) {
      anchor.put("kind", "entry");
      anchor.put("seq", before);
      anchor.put("note", "entry " + before + " as stored; the call that covered it verified it");
      return stored.get();
    }
    anchor.put("kind", "none");
    anchor.put(
        "note",
        "entries up to "
            + before
            + " are gone, and "
            + (mark == null
                ? "the realm has no retention mark"
                : !mark.valid()
                    ? "its retention mark does not hold"
                    : "the retention mark is at entry " + mark.throughSeq() + ", not there"));
    return null;
  }

  /** Entry {@code fromSeq} follows the hash the realm's retention mark signed. */
  private static String markAnchor(long fromSeq, RetentionMarkPayload signed, ObjectNode anchor) {
    long before = fromSeq - 1;
    anchor.put("kind", "retention_mark");
    anchor.put("seq", before);
    anchor.put(
        "note",
        signed.acknowledgedBy() == null
            ? "entries up to "
                + before
                + " may be gone: retention deletes them, as its mark signed at "
                + Instant.ofEpochSecond(signed.markedAt())
                + " says; the hash it signed anchors entry "
                + fromSeq
            : "entries up to "
                + before
                + " are gone: admin "
                + signed.acknowledgedBy()
                + " acknowledged it at "
                + Instant.ofEpochSecond(signed.markedAt())
                + "; the hash entry "
                + fromSeq
                + " then pointed at anchors it");
    return signed.hash();
  }

  /**
   * An entry, checkpoint or retention mark beyond the chain head: the head (the only record of
   * where the chain ends) was moved back or deleted, which would hide the entries after it.
   */
  private static Verification.BrokenLink beyondHead(ChainHead head, long reached) {
    return new Verification.BrokenLink(
        reached,
        null,
        null,
        "the chain head names entry "
            + head.lastSeq()
            + ", but the chain reaches "
            + reached
            + ": the head was moved back or deleted");
  }
}
