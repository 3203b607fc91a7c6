package dev.leash.keycloak.audit.chain;

import java.time.DateTimeException;
import java.time.Instant;

/**
 * Times read back from the database, as text. Leash only ever stores times of its own clock, but
 * someone with write access may store any number: such a row must be shown and reported, not fail
 * the request or the delivery that reads it.
 */
public final class EpochSeconds {

  private EpochSeconds() {}

  /**
   * ISO-8601 ({@code 2026-12-07T21:00:00Z}) when {@code epochSecond} is a time {@link Instant} can
   * hold; otherwise the number itself, in decimal, which no time Leash writes looks like.
   */
  public static String text(long epochSecond) {
    try {
      return Instant.ofEpochSecond(epochSecond).toString();
    } catch (DateTimeException outOfRange) {
      return Long.toString(epochSecond);
    }
  }
}
