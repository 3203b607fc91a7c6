package dev.leash.keycloak.audit.chain;

/**
 * The result of verifying part of a realm's audit chain.
 *
 * @param fromSeq the first sequence number checked
 * @param toSeq the last sequence number checked
 * @param entries links verified intact from {@code fromSeq} on, up to the first broken one
 * @param broken the first broken link, or {@code null}
 * @param checkpointsMatched checkpoints in the range whose signed hash the stored entries give
 * @param checkpointProblem the first checkpoint the stored entries do not match, or {@code null}
 */
public record Verification(
    long fromSeq,
    long toSeq,
    long entries,
    BrokenLink broken,
    long checkpointsMatched,
    CheckpointProblem checkpointProblem) {

  /**
   * @param seq its sequence number
   * @param entryId its entry id, or {@code null} when the link is missing or its id is empty
   * @param recordId the approval record it is a version of, or {@code null}
   * @param problem what is wrong
   */
  public record BrokenLink(long seq, String entryId, String recordId, String problem) {}

  /** A checkpoint that does not hold: forged, re-signed, or over entries changed since. */
  public record CheckpointProblem(long seq, String problem) {}

  public boolean intact() {
    return broken == null && checkpointProblem == null;
  }

  /** This result with {@code link} as its first broken link, unless one was found before. */
  public Verification withBroken(BrokenLink link) {
    if (broken != null) {
      return this;
    }
    return new Verification(fromSeq, toSeq, entries, link, checkpointsMatched, checkpointProblem);
  }

  /** This result with {@code problem} as its checkpoint problem, if it comes first. */
  public Verification withCheckpointProblem(CheckpointProblem problem) {
    if (checkpointProblem != null && checkpointProblem.seq() <= problem.seq()) {
      return this;
    }
    return new Verification(fromSeq, toSeq, entries, broken, checkpointsMatched, problem);
  }
}
