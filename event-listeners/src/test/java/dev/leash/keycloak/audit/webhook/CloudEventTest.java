package dev.leash.keycloak.audit.webhook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.sink.EntryFormat;
import org.junit.jupiter.api.Test;

class CloudEventTest {

  @Test
  void carriesTheEntryAsDataWithTheEntryIdAsEventId() throws Exception {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("kind", "device_grant");
    record.put("record_id", "rec-1");
    record.put("updated_at", "2026-11-23T06:39:21Z");
    ChainedEntry entry =
        ChainedEntry.seal("realm/1", 5, "entry-5", 1_700_000_000L, "0".repeat(64), record);

    JsonNode event = new ObjectMapper().readTree(CloudEvent.body(entry, EntryFormat.LEASH));

    assertEquals("1.0", event.path("specversion").asText());
    assertEquals("entry-5", event.path("id").asText());
    assertEquals("urn:leash:audit:realm%2F1", event.path("source").asText());
    assertEquals("dev.leash.audit.approval", event.path("type").asText());
    assertEquals("rec-1", event.path("subject").asText());
    assertEquals("2026-11-23T06:39:21Z", event.path("time").asText());
    assertEquals("application/json", event.path("datacontenttype").asText());
    assertEquals(new ObjectMapper().readTree(entry.toJsonLine()), event.path("data"));
    assertArrayEquals(
        CloudEvent.body(entry, EntryFormat.LEASH),
        CloudEvent.body(entry, EntryFormat.LEASH),
        "a retry sends the same bytes");
  }

  @Test
  void inTheOcsfFormatTheDataIsTheEntrysOcsfEvent() throws Exception {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("kind", "device_grant");
    record.put("outcome", "approved");
    ChainedEntry entry =
        ChainedEntry.seal("realm-1", 5, "entry-5", 1_700_000_000L, "0".repeat(64), record);

    JsonNode event = new ObjectMapper().readTree(CloudEvent.body(entry, EntryFormat.OCSF));

    assertEquals("entry-5", event.path("id").asText());
    assertEquals(CloudEvent.OCSF_SCHEMA, event.path("dataschema").asText());
    assertEquals(3002, event.at("/data/class_uid").asInt());
    assertEquals(entry.hash(), event.at("/data/unmapped/leash_entry/hash").asText());
  }

  @Test
  void typesFollowTheRecordKind() {
    assertEquals("dev.leash.audit.refusal", CloudEvent.type("refused_device_requests"));
    assertEquals("dev.leash.audit.record", CloudEvent.type("something_new"));
  }
}
