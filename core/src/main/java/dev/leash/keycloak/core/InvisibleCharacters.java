package dev.leash.keycloak.core;

/**
 * Characters that draw nothing, or change how the text around them reads, and so let a device
 * disguise what it sends (a right-to-left override turns {@code helper\u202Ehs.exe} into something
 * else) or forge the look of a log line: controls, Unicode format characters (bidirectional
 * controls, zero-width characters, tag characters), line and paragraph separators, the combining
 * grapheme joiner, blank-drawing letters and symbols (Hangul fillers, the Braille blank, Khmer's
 * inherent vowels), variation selectors (but for emoji presentation) and Mongolian free variation
 * selectors. Combining marks stacked on one character beyond {@link #MAX_STACKED_MARKS} draw over
 * the text around them, so those are treated the same way. The approval screen and the audit record
 * share this rule.
 */
public final class InvisibleCharacters {

  /**
   * Combining marks one character may carry before they count as a disguise: Vietnamese needs two,
   * pointed Hebrew three.
   */
  public static final int MAX_STACKED_MARKS = 3;

  private InvisibleCharacters() {}

  /** A combining mark: drawn on the character before it. */
  public static boolean isCombiningMark(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK;
  }

  public static boolean isInvisible(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || codePoint == 0x034F // combining grapheme joiner
        || codePoint == 0x115F
        || codePoint == 0x1160
        || codePoint == 0x3164
        || codePoint == 0xFFA0 // Hangul fillers: letters that draw nothing
        || codePoint == 0x2800 // Braille pattern blank
        || codePoint == 0x17B4
        || codePoint == 0x17B5 // Khmer inherent vowels, not to be drawn
        || (codePoint >= 0x180B && codePoint <= 0x180F) // Mongolian free variation selectors
        // Variation selectors, but for VS15 and VS16, which pick text or emoji presentation
        // (an emoji heart is U+2764 U+FE0F).
        || (codePoint >= 0xFE00 && codePoint <= 0xFE0D)
        || (codePoint >= 0xE0100 && codePoint <= 0xE01EF); // variation selectors supplement
  }
}
