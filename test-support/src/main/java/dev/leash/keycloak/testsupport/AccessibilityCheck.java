package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs axe-core (Deque's accessibility engine) in the page Chromium shows and lists its serious and
 * critical violations. The build fetches {@code axe.min.js} into {@code pack/target/axe/} and names
 * it in the system property {@code leash.axe.script}.
 */
public final class AccessibilityCheck {

  static final String SCRIPT_PROPERTY = "leash.axe.script";
  private static final Set<String> BLOCKING_IMPACTS = Set.of("serious", "critical");

  private static final String RUN_AXE =
      "const done = arguments[arguments.length - 1];"
          + "axe.run(document, {resultTypes: ['violations']})"
          + ".then(result => done(JSON.stringify(result.violations.map(v => ({"
          + "id: v.id, impact: v.impact, help: v.help,"
          + "targets: v.nodes.map(n => n.target.join(' '))})))))"
          + ".catch(error => done(JSON.stringify({error: String(error)})));";

  private final String axeScript;

  private AccessibilityCheck(String axeScript) {
    this.axeScript = axeScript;
  }

  /** The checker with the axe-core script the build fetched. */
  public static AccessibilityCheck load() {
    String location = System.getProperty(SCRIPT_PROPERTY);
    if (location == null) {
      throw new IllegalStateException("system property " + SCRIPT_PROPERTY + " is not set");
    }
    try {
      return new AccessibilityCheck(Files.readString(Path.of(location)));
    } catch (IOException e) {
      throw new UncheckedIOException("axe-core not found at " + location, e);
    }
  }

  /** The serious and critical violations on the page, one line each (empty: none). */
  public List<String> seriousViolations(HeadlessChromium chromium) {
    chromium.driver().executeScript(axeScript);
    Object answer = chromium.driver().executeAsyncScript(RUN_AXE);
    JsonNode violations = Json.parse(String.valueOf(answer));
    if (violations.has("error")) {
      throw new IllegalStateException("axe-core failed: " + violations.path("error").asText());
    }
    List<String> serious = new ArrayList<>();
    for (JsonNode violation : violations) {
      if (BLOCKING_IMPACTS.contains(violation.path("impact").asText())) {
        serious.add(
            violation.path("impact").asText()
                + " "
                + violation.path("id").asText()
                + ": "
                + violation.path("help").asText()
                + " at "
                + violation.path("targets"));
      }
    }
    return serious;
  }
}
