package dev.leash.keycloak.audit.ocsf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OcsfEventTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path FORMAT_DOC = Path.of("..", "docs", "audit-format.md");

  /**
   * docs/audit-format.md shows the example entry, and then the OCSF event made of it (with the
   * entry it carries shortened to a note).
   */
  @Test
  void theDocumentedExampleMapsToTheDocumentedOcsfEvent() throws Exception {
    String doc = Files.readString(FORMAT_DOC);
    JsonNode documentedEntry =
        MAPPER.readTree(jsonBlockAfter(doc, "An approved grant, as the third version"));
    JsonNode documentedEvent = MAPPER.readTree(jsonBlockAfter(doc, OCSF_EXAMPLE_MARKER));

    // Read back, so numbers compare as JSON numbers, not as Java ints or longs.
    ObjectNode mapped = (ObjectNode) MAPPER.readTree(OcsfEvent.line(entry(documentedEntry)));

    assertEquals(documentedEntry, mapped.at("/unmapped/leash_entry"));
    assertEquals("(the chain entry above)", documentedEvent.at("/unmapped/leash_entry").asText());
    ((ObjectNode) mapped.path("unmapped")).put("leash_entry", "(the chain entry above)");
    assertEquals(documentedEvent, mapped, mapped::toPrettyString);
  }

  static final String OCSF_EXAMPLE_MARKER = "<!-- OCSF example: OcsfEventTest -->";

  @ParameterizedTest
  @CsvSource({
    "approved, 1, 1",
    "pending, 0, 1",
    "denied, 2, 2",
    "expired, 2, 1",
    "revoked, 2, 3",
    "refused, 2, 2"
  })
  void statusAndSeverityFollowTheOutcome(String outcome, int status, int severity) {
    ObjectNode record = JsonNodeFactory.instance.objectNode().put("outcome", outcome);

    ObjectNode event = OcsfEvent.of(seal(record));

    assertEquals(status, event.path("status_id").asInt());
    assertEquals(severity, event.path("severity_id").asInt());
    assertEquals(300201, event.path("type_uid").asInt());
  }

  @Test
  void aGrantNobodyDecidedHasAnUnknownUserAndNoActor() {
    ObjectNode event =
        OcsfEvent.of(seal(JsonNodeFactory.instance.objectNode().put("outcome", "pending")));

    assertEquals(0, event.at("/user/type_id").asInt());
    assertFalse(event.has("actor"));
    assertFalse(event.path("is_mfa").asBoolean());
  }

  @Test
  void aPollFromAnotherDeviceRaisesTheSeverity() {
    ObjectNode record = JsonNodeFactory.instance.objectNode().put("outcome", "approved");
    record.putObject("rejected_polls").putObject("leash_binding_mismatch").put("count", 1);

    assertEquals(3, OcsfEvent.of(seal(record)).path("severity_id").asInt());
  }

  @Test
  void theWholeEntryTravelsUnmappedSoItsHashStillChecks() {
    ChainedEntry entry = seal(JsonNodeFactory.instance.objectNode().put("outcome", "approved"));

    JsonNode carried = OcsfEvent.of(entry).at("/unmapped/leash_entry");

    assertEquals(entry.toJson(), carried);
    assertTrue(OcsfEvent.line(entry).startsWith("{\"activity_id\":1,"), "canonical JSON");
  }

  private static ChainedEntry seal(ObjectNode record) {
    return ChainedEntry.seal("realm-1", 1, "entry-1", 1_800_000_000L, ChainedEntry.GENESIS, record);
  }

  private static ChainedEntry entry(JsonNode json) {
    return new ChainedEntry(
        json.path("realm_id").asText(),
        json.path("seq").asLong(),
        json.path("entry_id").asText(),
        Instant.parse(json.path("sealed_at").asText()).getEpochSecond(),
        json.path("prev_hash").asText(),
        json.path("hash").asText(),
        (ObjectNode) json.path("record"));
  }

  private static String jsonBlockAfter(String markdown, String marker) {
    int at = markdown.indexOf(marker);
    assertTrue(at >= 0, "docs/audit-format.md has: " + marker);
    int start = markdown.indexOf("```json\n", at) + "```json\n".length();
    return markdown.substring(start, markdown.indexOf("```", start));
  }
}
