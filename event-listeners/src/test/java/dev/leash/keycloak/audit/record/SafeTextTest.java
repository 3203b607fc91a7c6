package dev.leash.keycloak.audit.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void keepsMarkupAndLettersForJsonToEscape() {
    assertEquals("<b>bot</b> \"déployé\" 😀", SafeText.of("<b>bot</b> \"déployé\" 😀", 100));
  }

  @Test
  void neutralisesLineBreaksAndInvisibleFormatting() {
    assertEquals("a\uFFFDb\uFFFDc\uFFFDd", SafeText.of("a\nb\u202ec\u200bd", 100));
    assertEquals("a\uFFFDb\uFFFDc\uFFFDd", SafeText.of("a\u2028b\u2029c\u3164d", 100));
  }

  @Test
  void neutralisesBlankSymbolsVariationSelectorsAndStackedMarks() {
    assertEquals("a\uFFFDb\uFFFDc", SafeText.of("a\u2800b\uFE00c", 100));
    assertEquals("\u2764\uFE0F", SafeText.of("\u2764\uFE0F", 100));
    assertEquals("e\u0302\u0323", SafeText.of("e\u0302\u0323", 100));
    assertEquals(
        "a\u0346\u0346\u0346\uFFFD\uFFFDb", SafeText.of("a" + "\u0346".repeat(5) + "b", 100));
  }

  @Test
  void cutsLongValuesWithoutSplittingACharacter() {
    assertEquals("abc", SafeText.of("abcdef", 3));
    assertEquals("ab\uFFFD", SafeText.of("ab😀", 3));
  }

  @Test
  void nullStaysNull() {
    assertNull(SafeText.of(null, 3));
  }
}
