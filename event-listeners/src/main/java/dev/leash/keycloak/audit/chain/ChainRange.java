package dev.leash.keycloak.audit.chain;

/**
 * The part of a realm's chain one verification covers.
 *
 * @param fromSeq the first sequence number to check
 * @param anchorHash the hash link {@code fromSeq} must point at: {@link ChainedEntry#GENESIS} for
 *     entry 1, else the hash of entry {@code fromSeq - 1} or of the checkpoint there; {@code null}
 *     when neither is left
 * @param toSeq the last sequence number to check, at most {@code headSeq}
 * @param headSeq the last sequence number sealed, as the chain head records it
 * @param headHash the hash of that entry, as the chain head records it
 */
public record ChainRange(
    long fromSeq, String anchorHash, long toSeq, long headSeq, String headHash) {

  /** Whether the range ends at the chain head, so entries missing at the end count. */
  boolean reachesHead() {
    return toSeq >= headSeq;
  }
}
