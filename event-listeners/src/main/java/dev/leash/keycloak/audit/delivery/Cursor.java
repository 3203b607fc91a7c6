package dev.leash.keycloak.audit.delivery;

/**
 * How far one sink has received one realm's chain. Delivery is in sequence order: a failing entry
 * holds back those after it (retried with {@link Backoff}, never dropped), unless the sink refuses
 * it for good, which dead-letters it and moves on.
 *
 * @param nextSeq the first sequence number not yet delivered
 * @param attempts failed attempts at {@code nextSeq} in a row
 * @param nextAttemptAt epoch second before which no attempt is made
 * @param failingSince epoch second of the first failure in a row, or {@code null}
 * @param deliveredAt epoch second of the last delivery, or {@code null}
 */
public record Cursor(
    String realmId,
    String sink,
    long nextSeq,
    int attempts,
    long nextAttemptAt,
    Long failingSince,
    String lastError,
    Long deliveredAt) {

  /** A sink that has received nothing of the realm's chain yet. */
  public static Cursor start(String realmId, String sink) {
    return new Cursor(realmId, sink, 1, 0, 0, null, null, null);
  }

  public boolean due(long now) {
    return nextAttemptAt <= now;
  }

  /**
   * The sink accepted every entry up to {@code lastAccepted}; below {@code nextSeq}, nothing new.
   * The cursor moves by sequence number, not by count: a sink that starts after retention deleted
   * the chain's oldest entries gets its first batch from a higher number than its cursor's.
   */
  public Cursor delivered(long lastAccepted, long now) {
    return lastAccepted < nextSeq
        ? this
        : new Cursor(realmId, sink, lastAccepted + 1, 0, 0, null, null, now);
  }

  /** After accepting every entry up to {@code lastAccepted}, the sink failed; try again later. */
  public Cursor failed(long lastAccepted, String error, long now) {
    Cursor moved = delivered(lastAccepted, now);
    int failures = moved.nextSeq > nextSeq ? 1 : attempts + 1;
    return new Cursor(
        realmId,
        sink,
        moved.nextSeq,
        failures,
        now + Backoff.delaySeconds(failures),
        failures == 1 ? Long.valueOf(now) : failingSince,
        error,
        moved.deliveredAt);
  }

  /**
   * The sink accepted every entry before {@code refusedSeq} and refused that one for good: it is
   * dead-lettered and delivery goes on after it.
   */
  public Cursor rejected(long refusedSeq, String error, long now) {
    Cursor moved = delivered(refusedSeq - 1, now);
    return new Cursor(realmId, sink, refusedSeq + 1, 0, 0, null, error, moved.deliveredAt);
  }
}
