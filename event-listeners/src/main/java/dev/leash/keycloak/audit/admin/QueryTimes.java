package dev.leash.keycloak.audit.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Times in admin queries: an instant ({@code 2026-11-23T06:00:00Z}) or a UTC day. */
final class QueryTimes {

  private QueryTimes() {}

  /**
   * Epoch second of {@code text}, {@code null} when absent.
   *
   * @throws IllegalArgumentException when it is neither form
   */
  static Long epochSecond(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return text.contains("T")
          ? Instant.parse(text).getEpochSecond()
          : LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Not a time: use 2026-11-23T06:00:00Z or 2026-11-23 (UTC)", e);
    }
  }
}
