package dev.leash.keycloak.audit.logging;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces a warning the drainer would log on every run while its cause lasts: the same warning about
 * the same subject (a realm) is due again only after an interval. Only a log line's pacing, kept
 * per node: a node that forgets, or another node, logs it once more.
 */
public final class PacedWarnings {

  private final long everySeconds;

  /** What was last logged about each subject, and when; one entry per realm at most. */
  private final Map<String, Logged> last = new ConcurrentHashMap<>();

  private record Logged(String why, long at) {}

  public PacedWarnings(long everySeconds) {
    this.everySeconds = everySeconds;
  }

  /** Whether warning {@code why} about {@code subject} is to be logged now; notes it when it is. */
  public boolean due(String subject, String why, long now) {
    Logged logged = last.get(subject);
    if (logged != null && Objects.equals(logged.why(), why) && now - logged.at() < everySeconds) {
      return false;
    }
    last.put(subject, new Logged(why, now));
    return true;
  }
}
