package dev.leash.keycloak.audit.chain;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Walks a range of a realm's sealed links in sequence order and reports the first one that breaks
 * the chain: an empty column, contents that no longer give the stored hash, a link that does not
 * point at its predecessor's hash, a missing sequence number, or links missing at the end (the
 * chain head remembers the last sealed link).
 *
 * <p>It also checks the range's signed checkpoints: from the anchor on, it recomputes each link's
 * hash from its contents and the recomputed hash before it, ignoring the stored hashes, and
 * compares the result with the hash each checkpoint signed. So a checkpoint catches any change
 * below it, even one re-hashed all the way up to the chain head.
 */
public final class ChainVerifier {

  private ChainVerifier() {}

  /**
   * @param links the range's stored links, by ascending sequence number
   * @param signedHashes hash signed by each checkpoint in the range whose signature is valid, by
   *     sequence number
   */
  public static Verification verify(
      Iterator<StoredLink> links, ChainRange range, Map<Long, String> signedHashes) {
    NavigableMap<Long, String> checkpoints = new TreeMap<>(signedHashes);
    long expectedSeq = range.fromSeq();
    String expectedPrev = range.anchorHash();
    String recomputed = range.anchorHash();
    long checked = 0;
    Verification.BrokenLink broken = null;
    Verification.CheckpointProblem checkpointProblem = null;
    long matched = 0;
    while (links.hasNext()) {
      StoredLink link = links.next();
      if (link.seq() > range.toSeq()) {
        break;
      }
      if (link.seq() != expectedSeq) {
        if (broken == null) {
          broken = missing(expectedSeq, link);
        }
        recomputed = null; // a missing link cannot be recomputed: later checkpoints fail
      }
      // What the contents give after their stored previous hash; in an intact chain that is also
      // the recomputed chain's hash, so each link is hashed once.
      Optional<String> stored =
          link.prevHash() == null ? Optional.empty() : link.hashAfter(link.prevHash());
      if (broken == null) {
        Optional<String> problem = problem(link, expectedPrev, stored);
        if (problem.isPresent()) {
          broken =
              new Verification.BrokenLink(
                  link.seq(), link.entryId(), link.recordId(), problem.get());
        } else {
          checked++;
          expectedPrev = link.hash();
        }
      }
      if (recomputed != null) {
        recomputed =
            (recomputed.equals(link.prevHash()) ? stored : link.hashAfter(recomputed)).orElse(null);
      }
      if (checkpointProblem == null && !checkpoints.headMap(link.seq(), false).isEmpty()) {
        checkpointProblem = missingCheckpointed(checkpoints.firstKey());
      }
      String signed = checkpoints.remove(link.seq());
      if (signed != null && checkpointProblem == null) {
        if (signed.equals(recomputed)) {
          matched++;
        } else {
          checkpointProblem =
              new Verification.CheckpointProblem(
                  link.seq(),
                  "the entries up to "
                      + link.seq()
                      + " no longer give the hash this checkpoint signed");
        }
      }
      expectedSeq = link.seq() + 1;
    }
    if (broken == null && range.anchorHash() == null && range.fromSeq() > range.toSeq()) {
      // No entry is left after the gone ones, so none was named above: every entry is gone.
      broken =
          new Verification.BrokenLink(
              range.fromSeq() - 1,
              null,
              null,
              "nothing anchors the chain head: every entry up to "
                  + (range.fromSeq() - 1)
                  + " is gone, and no retention mark and checkpoint vouch for them (the answer's"
                  + " anchor says why)");
    } else if (broken == null && expectedSeq <= range.toSeq()) {
      broken =
          new Verification.BrokenLink(
              expectedSeq,
              null,
              null,
              "entries " + expectedSeq + " to " + range.toSeq() + " were sealed but are missing");
    } else if (broken == null
        && range.reachesHead()
        && expectedPrev != null
        // Entries were checked up to the head, or none is left after the anchor (retention
        // removed them all): either way the last hash must be the head's.
        && (expectedSeq > range.fromSeq() || range.fromSeq() == range.headSeq() + 1)
        && !expectedPrev.equals(range.headHash())) {
      broken =
          new Verification.BrokenLink(
              range.headSeq(),
              null,
              null,
              "the chain head's hash is not the hash of entry " + range.headSeq());
    }
    if (checkpointProblem == null && !checkpoints.isEmpty()) {
      checkpointProblem = missingCheckpointed(checkpoints.firstKey());
    }
    return new Verification(
        range.fromSeq(), range.toSeq(), checked, broken, matched, checkpointProblem);
  }

  private static Verification.CheckpointProblem missingCheckpointed(long seq) {
    return new Verification.CheckpointProblem(
        seq, "entry " + seq + ", which this checkpoint signed, is missing");
  }

  private static Verification.BrokenLink missing(long expectedSeq, StoredLink found) {
    return new Verification.BrokenLink(
        found.seq(),
        found.entryId(),
        found.recordId(),
        "sequence number " + expectedSeq + " is missing before this entry");
  }

  private static Optional<String> problem(
      StoredLink link, String expectedPrev, Optional<String> storedGives) {
    Optional<String> empty = link.emptyColumn();
    if (empty.isPresent()) {
      return Optional.of("its " + empty.get() + " column is empty");
    }
    if (expectedPrev == null) {
      return Optional.of(
          "nothing anchors it: the entries before it are gone, and no retention mark and"
              + " checkpoint at entry "
              + (link.seq() - 1)
              + " vouch for them (the answer's anchor says why)");
    }
    if (!link.prevHash().equals(expectedPrev)) {
      return Optional.of("its previous hash does not match the hash of entry " + (link.seq() - 1));
    }
    if (!storedGives.map(link.hash()::equals).orElse(false)) {
      return Optional.of("its contents do not give its hash");
    }
    return Optional.empty();
  }
}
