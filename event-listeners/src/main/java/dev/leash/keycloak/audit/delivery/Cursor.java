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

  /** {@code delivered} entries from {@code nextSeq} on were accepted. */
  public Cursor delivered(int delivered, long now) {
    return delivered == 0
        ? this
        : new Cursor(realmId, sink, nextSeq + delivered, 0, 0, null, null, now);
  }

  /** After {@code delivered} entries the sink failed; the next one is tried again later. */
  public Cursor failed(int delivered, String error, long now) {
    Cursor moved = delivered(delivered, now);
    int failures = delivered > 0 ? 1 : attempts + 1;
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
   * After {@code delivered} entries the sink refused the next one for good: it is dead-lettered
   * (sequence number {@code nextSeq} of the returned cursor minus one) and delivery goes on.
   */
  public Cursor rejected(int delivered, String error, long now) {
    Cursor moved = delivered(delivered, now);
    return new Cursor(realmId, sink, moved.nextSeq + 1, 0, 0, null, error, moved.deliveredAt);
  }
}
