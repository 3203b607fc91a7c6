package dev.leash.keycloak.core;

import java.util.concurrent.ConcurrentHashMap;

/**
 * How many slots of each {@link WindowCounter} this node last saw taken, and in which window. A
 * hint, not the count: the count lives in the single-use store, and a hint only says where the next
 * free slot probably is. Taken slots stay taken until their window ends, so a hint of the current
 * window is a lower bound on every node; a missing or stale hint costs a search, never a wrong
 * answer. One entry per counter name: use it for counters whose names the server chooses (an
 * agent's client id), never for names an attacker can vary.
 */
public final class CounterHints {

  /** More names than any realm has agents; past it the hints start over rather than grow. */
  static final int MAX_COUNTERS = 10_000;

  private record Seen(long window, int taken) {}

  private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();

  /** Slots of {@code window} known to be taken under {@code name} (0: nothing known). */
  int takenAtLeast(String name, long window) {
    Seen last = seen.get(name);
    return last != null && last.window() == window ? last.taken() : 0;
  }

  /** Remembers that slots 1 to {@code taken} of {@code window} are taken under {@code name}. */
  void saw(String name, long window, int taken) {
    if (seen.size() >= MAX_COUNTERS && !seen.containsKey(name)) {
      seen.clear();
    }
    seen.merge(
        name,
        new Seen(window, taken),
        (old, now) -> old.window() == now.window() && old.taken() > now.taken() ? old : now);
  }

  int size() {
    return seen.size();
  }
}
