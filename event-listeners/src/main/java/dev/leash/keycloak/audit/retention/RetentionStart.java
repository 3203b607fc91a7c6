package dev.leash.keycloak.audit.retention;

import java.util.OptionalLong;

/**
 * Where {@code verify} starts a realm's chain. Retention deletes entries in batches towards its
 * mark, so while it works, entries below the mark may be partly stored; nothing before the start is
 * stored then, so a start below the mark moves to the entry after it, which the checkpoint at the
 * mark anchors.
 */
public final class RetentionStart {

  private RetentionStart() {}

  /**
   * @param requested the first sequence number asked for, or {@code null} for the oldest stored
   * @param firstStored the oldest entry stored (the head's sequence number plus one when none is)
   * @param markedThrough the realm's valid retention mark, if any
   */
  public static long of(Long requested, long firstStored, OptionalLong markedThrough) {
    long start = requested != null ? requested : firstStored;
    if (markedThrough.isPresent() && start <= markedThrough.getAsLong() && start <= firstStored) {
      return markedThrough.getAsLong() + 1;
    }
    return start;
  }

  /**
   * Whether retention deleted entries a call that started at {@code fromSeq} was about to read: the
   * call started at or below the mark, on entries retention was still deleting, and the oldest
   * entry stored is now that start or beyond (the entry before it, its anchor, is gone). Such a
   * call mixes two states and reads again.
   *
   * @param firstStoredNow the oldest entry stored now, empty when none is
   */
  public static boolean overtaken(
      long fromSeq, OptionalLong firstStoredNow, OptionalLong markedThrough) {
    return markedThrough.isPresent()
        && fromSeq <= markedThrough.getAsLong()
        && (firstStoredNow.isEmpty() || firstStoredNow.getAsLong() >= fromSeq);
  }
}
