package dev.leash.keycloak.audit.record;

import dev.leash.keycloak.core.InvisibleCharacters;

/**
 * Makes a value fit for the audit record: invisible characters ({@link InvisibleCharacters}: line
 * breaks, Unicode line separators, bidirectional overrides, zero-width characters) become U+FFFD so
 * nothing a device or person typed can forge the look of a log line or a report, and overlong
 * values are cut. JSON escaping does the rest wherever the record is written.
 */
public final class SafeText {

  static final char REPLACEMENT = '\uFFFD';

  private SafeText() {}

  /** {@code value} cleaned and cut to {@code maxLength} characters; {@code null} stays null. */
  public static String of(String value, int maxLength) {
    if (value == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
    int[] stackedMarks = {0};
    value
        .codePoints()
        .takeWhile(next -> out.length() < maxLength)
        .forEach(
            codePoint -> {
              stackedMarks[0] =
                  InvisibleCharacters.isCombiningMark(codePoint) ? stackedMarks[0] + 1 : 0;
              if (InvisibleCharacters.isInvisible(codePoint)
                  || stackedMarks[0] > InvisibleCharacters.MAX_STACKED_MARKS) {
                out.append(REPLACEMENT);
              } else if (out.length() + Character.charCount(codePoint) <= maxLength) {
                out.appendCodePoint(codePoint);
              } else {
                out.append(REPLACEMENT); // Never half a surrogate pair.
              }
            });
    return out.toString();
  }
}
