package dev.leash.keycloak.core;

/**
 * Characters that draw nothing, or change how the text around them reads, and so let a device
 * disguise what it sends (a right-to-left override turns {@code helper\u202Ehs.exe} into something
 * else) or forge the look of a log line: controls, Unicode format characters (bidirectional
 * controls, zero-width characters, tag characters), line and paragraph separators, the combining
 * grapheme joiner and the Hangul fillers. The approval screen and the audit record share this rule.
 */
public final class InvisibleCharacters {

  private InvisibleCharacters() {}

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
        || codePoint == 0xFFA0; // Hangul fillers: letters that draw nothing
  }
}
