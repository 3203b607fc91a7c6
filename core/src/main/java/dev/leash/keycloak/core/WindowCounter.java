package dev.leash.keycloak.core;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A fixed-window counter in Keycloak's single-use object store, correct across cluster nodes. The
 * store has no atomic increment, so a count is a run of numbered slot keys, each claimed with the
 * atomic {@code putIfAbsent}. All slots of a window expire at its end and {@link #release} frees
 * the highest, so taken slots form a prefix and a binary search finds the first free one.
 */
public final class WindowCounter {

  private WindowCounter() {}

  /**
   * Counts one event under {@code name} in the current window; {@code false} when {@code limit}
   * events were already counted in it.
   */
  public static boolean tryCount(
      SingleUseObjectProvider store, String name, int limit, long windowSeconds, long now) {
    String prefix = name + "." + (now / windowSeconds) + ".";
    return claimFrom(store, prefix, taken(store, prefix, 0, limit), limit, windowSeconds, now) > 0;
  }

  /**
   * Takes back one count made under {@code name} at {@code now}, for an event that turned out not
   * to count. It frees the highest taken slot, not the one the event took: the taken slots stay a
   * prefix, so the next count reuses it (a slot freed in the middle would be stepped over for the
   * rest of the window). Two releases at once may free the same slot: a release can give back less
   * than one count, never more.
   */
  public static void release(
      SingleUseObjectProvider store, String name, int limit, long windowSeconds, long now) {
    String prefix = name + "." + (now / windowSeconds) + ".";
    int taken = taken(store, prefix, 0, limit);
    if (taken > 0) {
      store.remove(prefix + taken);
    }
  }

  /**
   * Counts one event under {@code name} in the current window, starting where this node's last
   * count under {@code name} ended: with one node counting, one {@code putIfAbsent} instead of a
   * search over the window's slots. The number of this event's count in the window (1 for the
   * first), or 0 when {@code limit} events were already counted in it.
   */
  public static int claim(
      SingleUseObjectProvider store,
      String name,
      int limit,
      long windowSeconds,
      long now,
      CounterHints hints) {
    long window = now / windowSeconds;
    String prefix = name + "." + window + ".";
    int known = Math.min(hints.takenAtLeast(name, window), limit);
    int slot = known + 1;
    if (slot <= limit && store.putIfAbsent(prefix + slot, secondsLeft(windowSeconds, now))) {
      hints.saw(name, window, slot);
      return slot;
    }
    // Slot known + 1 is taken too (by another node, or the window is full): search past it.
    int taken = taken(store, prefix, Math.min(slot, limit), limit);
    int claimed = claimFrom(store, prefix, taken, limit, windowSeconds, now);
    hints.saw(name, window, claimed > 0 ? claimed : limit);
    return claimed;
  }

  /** Whether {@code limit} events were already counted under {@code name} in this window. */
  public static boolean isFull(
      SingleUseObjectProvider store, String name, int limit, long windowSeconds, long now) {
    return store.contains(name + "." + (now / windowSeconds) + "." + limit);
  }

  /** Seconds until the current window of {@code windowSeconds} ends (at least 1). */
  public static long secondsLeft(long windowSeconds, long now) {
    return Math.max(1, (now / windowSeconds + 1) * windowSeconds - now);
  }

  /** Claims the first free slot after {@code taken}; its number, or 0 when all are taken. */
  private static int claimFrom(
      SingleUseObjectProvider store,
      String prefix,
      int taken,
      int limit,
      long windowSeconds,
      long now) {
    for (int slot = taken + 1; slot <= limit; slot++) {
      if (store.putIfAbsent(prefix + slot, secondsLeft(windowSeconds, now))) {
        return slot;
      }
    }
    return 0;
  }

  /** The number of taken slots, knowing that slots 1 to {@code knownTaken} are. */
  private static int taken(
      SingleUseObjectProvider store, String prefix, int knownTaken, int limit) {
    int taken = knownTaken;
    int high = limit;
    while (taken < high) {
      int middle = (taken + high + 1) / 2;
      if (store.contains(prefix + middle)) {
        taken = middle;
      } else {
        high = middle - 1;
      }
    }
    return taken;
  }
}
