package dev.leash.keycloak.audit.checkpoint;

import java.util.Optional;

/**
 * When the drainer signs a realm's next checkpoint: once {@code everyEntries} entries were sealed
 * since the last one, or once {@code everySeconds} passed since it and at least one entry was
 * sealed. A chain that does not grow gets no new checkpoints.
 */
public record CheckpointSchedule(long everyEntries, long everySeconds) {

  /**
   * @param headSeq the last sealed sequence number
   * @param last the realm's latest checkpoint, if any
   */
  public boolean due(long headSeq, Optional<Checkpoint> last, long now) {
    long since = last.map(Checkpoint::seq).orElse(0L);
    if (headSeq <= since) {
      return false;
    }
    return last.isEmpty()
        || headSeq - since >= everyEntries
        || now - last.get().createdAt() >= everySeconds;
  }
}
