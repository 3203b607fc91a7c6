package dev.leash.keycloak.audit.retention;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a realm's sealed entries retention may delete: a prefix of the chain that ends at a
 * signed checkpoint, so the oldest entry kept is anchored by that checkpoint's hash; signed before
 * the cutoff (so every entry up to it is older); every sink of the realm has all of it; and no dead
 * letter is in it (an admin may still want to deliver it again).
 *
 * @param retentionSeconds how long entries and finished records are kept; 0 keeps them forever
 */
public record RetentionPolicy(long retentionSeconds) {

  public boolean enabled() {
    return retentionSeconds > 0;
  }

  public long cutoff(long now) {
    return now - retentionSeconds;
  }

  /**
   * The highest sequence number that may be deleted, with every entry before it, or 0 when none.
   *
   * @param checkpointSeqs sequence numbers of checkpoints signed before the cutoff
   * @param sinks the realm's sinks now (a sink with no progress yet has everything ahead of it)
   * @param nextSeqBySink the first entry each sink does not have, for sinks that made progress
   * @param lowestDeadLetter the realm's lowest dead-lettered sequence number, or {@code
   *     Long.MAX_VALUE} when none
   */
  public static long deletableThrough(
      List<Long> checkpointSeqs,
      Set<String> sinks,
      Map<String, Long> nextSeqBySink,
      long lowestDeadLetter) {
    long firstKept = lowestDeadLetter;
    for (String sink : sinks) {
      firstKept = Math.min(firstKept, nextSeqBySink.getOrDefault(sink, 1L));
    }
    long through = 0;
    for (long seq : checkpointSeqs) {
      if (seq < firstKept && seq > through) {
        through = seq;
      }
    }
    return through;
  }
}
