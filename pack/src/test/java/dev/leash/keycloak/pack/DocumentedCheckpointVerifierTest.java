package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint verifier docs/audit.md shows is {@link LeashCheckpoint}, which AuditIntegrityIT
 * runs against real checkpoints and a real realm's JWKS.
 */
class DocumentedCheckpointVerifierTest {

  static final String MARKER = "<!-- checkpoint verification example: LeashCheckpoint.java -->";

  @Test
  void theDocumentedVerifierIsTheOneTheTestsRun() throws IOException {
    Path root = Path.of(System.getProperty("leash.repo.root"));
    String markdown = Files.readString(root.resolve("docs/audit.md"));
    int start = markdown.indexOf("```java\n", markdown.indexOf(MARKER)) + "```java\n".length();
    String documented = markdown.substring(start, markdown.indexOf("```", start));
    String tested =
        Files.readString(
            root.resolve("pack/src/test/java/dev/leash/keycloak/pack/LeashCheckpoint.java"));
    assertEquals(tested.substring(tested.indexOf("import ")).strip(), documented.strip());
  }
}
