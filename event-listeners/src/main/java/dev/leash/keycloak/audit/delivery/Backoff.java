package dev.leash.keycloak.audit.delivery;

/** How long a sink that keeps failing is left alone: doubling from 1 s up to 5 minutes. */
public final class Backoff {

  static final long MAX_DELAY_SECONDS = 300;

  private Backoff() {}

  /** Seconds to wait after the {@code attempts}-th failure in a row (1 for the first). */
  public static long delaySeconds(int attempts) {
    if (attempts <= 1) {
      return 1;
    }
    return attempts > 9 ? MAX_DELAY_SECONDS : Math.min(MAX_DELAY_SECONDS, 1L << (attempts - 1));
  }
}
