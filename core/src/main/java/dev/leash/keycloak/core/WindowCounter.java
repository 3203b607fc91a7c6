package dev.leash.keycloak.core;

import org.keycloak.models.SingleUseObjectProvider;

/**
 * A fixed-window counter in Keycloak's single-use object store, correct across cluster nodes. The
 * store has no atomic increment, so a count is a run of numbered slot keys, each claimed with the
 * atomic {@code putIfAbsent}. All slots of a window expire at its end, so taken slots always form a
 * prefix and a binary search finds the first free one.
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
    int taken = taken(store, prefix, limit);
    for (int slot = taken + 1; slot <= limit; slot++) {
      if (store.putIfAbsent(prefix + slot, secondsLeft(windowSeconds, now))) {
        return true;
      }
    }
    return false;
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

  private static int taken(SingleUseObjectProvider store, String prefix, int limit) {
    int taken = 0;
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
