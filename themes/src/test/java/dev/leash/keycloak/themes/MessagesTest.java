package dev.leash.keycloak.themes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Leash's messages as Keycloak formats them: with {@link MessageFormat}, and with every argument
 * handed over as text (so a {@code choice} or {@code number} format would throw on the page).
 */
class MessagesTest {

  /** One apostrophe not doubled: MessageFormat drops it (or everything up to the next one). */
  private static final Pattern LONE_APOSTROPHE = Pattern.compile("(?<!')'(?!')");

  @ParameterizedTest
  @ValueSource(strings = {"en", "de", "fr"})
  void everyMessageFormatsWithTextArguments(String language) throws IOException {
    Properties messages = load(language);
    for (String key : messages.stringPropertyNames()) {
      String pattern = messages.getProperty(key);
      assertFalse(LONE_APOSTROPHE.matcher(pattern).find(), language + " " + key + ": write '' ");
      String formatted =
          new MessageFormat(pattern, Locale.forLanguageTag(language))
              .format(new Object[] {"1", "2", "3"});
      assertFalse(formatted.contains("{"), language + " " + key + " kept a placeholder");
    }
  }

  @Test
  void germanAndFrenchHaveEveryEnglishMessage() throws IOException {
    Properties english = load("en");
    assertEquals(english.stringPropertyNames(), load("de").stringPropertyNames());
    assertEquals(english.stringPropertyNames(), load("fr").stringPropertyNames());
  }

  private static Properties load(String language) throws IOException {
    String resource = "/theme-resources/messages/messages_" + language + ".properties";
    try (InputStream in = MessagesTest.class.getResourceAsStream(resource)) {
      Properties messages = new Properties();
      messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return messages;
    }
  }
}
