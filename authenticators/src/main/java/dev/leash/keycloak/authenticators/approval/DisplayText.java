package dev.leash.keycloak.authenticators.approval;

import dev.leash.keycloak.core.InvisibleCharacters;
import java.util.Locale;

/**
 * Text from a device, made fit to show a person. Invisible and direction-changing characters
 * ({@link InvisibleCharacters}) are replaced by a visible {@code [U+202E]} and the text is flagged;
 * long text gets a short preview, the full text stays available. HTML escaping is left to the
 * template (FreeMarker's HTML output format), so nothing here is markup.
 */
public final class DisplayText {

  /** Characters of a value shown before "show all". */
  static final int PREVIEW_LENGTH = 60;

  private final String full;
  private final boolean disguised;

  private DisplayText(String full, boolean disguised) {
    this.full = full;
    this.disguised = disguised;
  }

  /** {@code raw} with every invisible character replaced by its visible code point. */
  public static DisplayText of(String raw) {
    StringBuilder shown = new StringBuilder(raw.length());
    boolean disguised = false;
    int stackedMarks = 0;
    for (int i = 0; i < raw.length(); ) {
      int codePoint = raw.codePointAt(i);
      stackedMarks = InvisibleCharacters.isCombiningMark(codePoint) ? stackedMarks + 1 : 0;
      if (InvisibleCharacters.isInvisible(codePoint)
          || stackedMarks > InvisibleCharacters.MAX_STACKED_MARKS) {
        shown.append(String.format(Locale.ROOT, "[U+%04X]", codePoint));
        disguised = true;
      } else {
        shown.appendCodePoint(codePoint);
      }
      i += Character.charCount(codePoint);
    }
    return new DisplayText(shown.toString(), disguised);
  }

  /** The whole text, invisible characters made visible. */
  public String getFull() {
    return full;
  }

  /** The first {@value #PREVIEW_LENGTH} characters, with an ellipsis when there is more. */
  public String getPreview() {
    if (!isTruncated()) {
      return full;
    }
    int end = full.offsetByCodePoints(0, PREVIEW_LENGTH);
    return full.substring(0, end) + "\u2026";
  }

  public boolean isTruncated() {
    return full.codePointCount(0, full.length()) > PREVIEW_LENGTH;
  }

  /** Whether the device's text held invisible or direction-changing characters. */
  public boolean isDisguised() {
    return disguised;
  }
}
