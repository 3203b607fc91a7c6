package dev.leash.keycloak.authenticators.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DisplayTextTest {

  @Test
  void plainTextIsShownAsItIs() {
    DisplayText text = DisplayText.of("deploy-bot <b>v2</b> \u00e9t\u00e9 \uD83D\uDE80");
    assertEquals("deploy-bot <b>v2</b> \u00e9t\u00e9 \uD83D\uDE80", text.getFull());
    assertFalse(text.isDisguised());
    assertFalse(text.isTruncated());
  }

  @Test
  void directionOverridesAndZeroWidthCharactersAreMadeVisibleAndFlagged() {
    DisplayText text = DisplayText.of("helper\u202Ehs.exe\u200B");
    assertEquals("helper[U+202E]hs.exe[U+200B]", text.getFull());
    assertTrue(text.isDisguised());
  }

  @Test
  void tagCharactersAndFillersAreMadeVisible() {
    DisplayText text = DisplayText.of("a\uDB40\uDC01b\u3164c");
    assertEquals("a[U+E0001]b[U+3164]c", text.getFull());
    assertTrue(text.isDisguised());
  }

  @Test
  void blankSymbolsAndVariationSelectorsAreMadeVisible() {
    DisplayText text = DisplayText.of("a\u2800b\uFE00c\u17B4d\u180Be");
    assertEquals("a[U+2800]b[U+FE00]c[U+17B4]d[U+180B]e", text.getFull());
    assertTrue(text.isDisguised());
  }

  @Test
  void emojiPresentationIsNoDisguise() {
    DisplayText heart = DisplayText.of("deploy \u2764\uFE0F");
    assertEquals("deploy \u2764\uFE0F", heart.getFull());
    assertFalse(heart.isDisguised());
  }

  /**
   * Vietnamese puts two marks on a letter, pointed Hebrew three; more stacked marks draw over the
   * text around them.
   */
  @Test
  void combiningMarksBeyondThreeOnOneCharacterAreMadeVisible() {
    DisplayText vietnamese = DisplayText.of("Vie\u0302\u0323t");
    assertEquals("Vie\u0302\u0323t", vietnamese.getFull());
    assertFalse(vietnamese.isDisguised());
    DisplayText hebrew = DisplayText.of("\u05E9\u05C1\u05B8\u0591");
    assertFalse(hebrew.isDisguised());

    DisplayText stacked = DisplayText.of("a" + "\u0346".repeat(5) + "b");
    assertEquals("a\u0346\u0346\u0346[U+0346][U+0346]b", stacked.getFull());
    assertTrue(stacked.isDisguised());
  }

  @Test
  void longTextIsPreviewedWithoutSplittingACharacter() {
    String value = "x".repeat(59) + "\uD83D\uDE80" + "y".repeat(20);
    DisplayText text = DisplayText.of(value);
    assertTrue(text.isTruncated());
    assertEquals("x".repeat(59) + "\uD83D\uDE80\u2026", text.getPreview());
    assertEquals(value, text.getFull());
  }
}
