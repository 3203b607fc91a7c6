package dev.leash.keycloak.audit.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.CanonicalJson;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.chain.EpochSeconds;
import dev.leash.keycloak.audit.ocsf.OcsfEvent;
import dev.leash.keycloak.audit.sink.EntryFormat;
import java.nio.charset.StandardCharsets;

/**
 * A chain entry as a CloudEvents 1.0 event in structured mode: the envelope's attributes, and the
 * entry (with its record, sequence number and hashes) as {@code data}, or, in the OCSF format, the
 * entry's OCSF event (which carries the entry in {@code unmapped.leash_entry}). The body is
 * canonical JSON made only from the sealed entry, so every retry of an entry sends the same bytes
 * and the same {@code id}.
 */
public final class CloudEvent {

  public static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

  static final String TYPE_APPROVAL = "dev.leash.audit.approval";
  static final String TYPE_REFUSAL = "dev.leash.audit.refusal";
  static final String TYPE_OTHER = "dev.leash.audit.record";
  static final String SOURCE_PREFIX = "urn:leash:audit:";

  private CloudEvent() {}

  /** Where the OCSF format's {@code data} is described. */
  static final String OCSF_SCHEMA = "https://schema.ocsf.io/1.1.0/classes/authentication";

  /** The UTF-8 body that carries {@code entry} in {@code format}. */
  public static byte[] body(ChainedEntry entry, EntryFormat format) {
    return CanonicalJson.write(of(entry, format)).getBytes(StandardCharsets.UTF_8);
  }

  static ObjectNode of(ChainedEntry entry, EntryFormat format) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("specversion", "1.0");
    event.put("id", entry.entryId());
    event.put("source", SOURCE_PREFIX + UriText.encode(entry.realmId()));
    event.put("type", type(entry.record().path("kind").asText()));
    JsonNode recordId = entry.record().path("record_id");
    if (recordId.isTextual()) {
      event.put("subject", recordId.textValue());
    }
    JsonNode updatedAt = entry.record().path("updated_at");
    event.put(
        "time",
        updatedAt.isTextual() ? updatedAt.textValue() : EpochSeconds.text(entry.sealedAt()));
    event.put("datacontenttype", "application/json");
    if (format == EntryFormat.OCSF) {
      event.put("dataschema", OCSF_SCHEMA);
      event.set("data", OcsfEvent.of(entry));
    } else {
      event.set("data", entry.toJson());
    }
    return event;
  }

  static String type(String kind) {
    return switch (kind) {
      case "device_grant" -> TYPE_APPROVAL;
      case "refused_device_requests" -> TYPE_REFUSAL;
      default -> TYPE_OTHER;
    };
  }
}
