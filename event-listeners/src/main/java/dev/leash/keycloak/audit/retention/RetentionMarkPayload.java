package dev.leash.keycloak.audit.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a retention mark signs (docs/audit-format.md, {@code leash.audit-retention-mark/1}): that
 * retention may delete the realm's entries up to and including {@code throughSeq}, a signed
 * checkpoint, and when it decided so.
 *
 * @param markedAt epoch second of signing
 */
public record RetentionMarkPayload(String realmId, long throughSeq, long markedAt) {

  public static final String SCHEMA = "leash.audit-retention-mark/1";

  /** The JWS {@code typ} header of retention marks. */
  public static final String TYPE = "leash-audit-retention-mark";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The canonical JSON bytes that are signed. */
  public byte[] bytes() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("schema", SCHEMA);
    json.put("realm_id", realmId);
    json.put("through_seq", throughSeq);
    json.put("marked_at", Instant.ofEpochSecond(markedAt).toString());
    return CanonicalJson.write(json).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The payload in {@code bytes}, or empty when they are not a retention mark written exactly as
   * Leash writes one (a token the realm's key signed for another purpose is none).
   */
  public static Optional<RetentionMarkPayload> parse(byte[] bytes) {
    try {
      JsonNode json = MAPPER.readTree(bytes);
      if (json == null
          || !SCHEMA.equals(json.path("schema").asText())
          || !json.path("realm_id").isTextual()
          || !json.path("through_seq").isIntegralNumber()
          || !json.path("through_seq").canConvertToLong()
          || !json.path("marked_at").isTextual()) {
        return Optional.empty();
      }
      RetentionMarkPayload payload =
          new RetentionMarkPayload(
              json.path("realm_id").textValue(),
              json.path("through_seq").longValue(),
              Instant.parse(json.path("marked_at").textValue()).getEpochSecond());
      return Arrays.equals(payload.bytes(), bytes) ? Optional.of(payload) : Optional.empty();
    } catch (IOException | DateTimeParseException unreadable) {
      return Optional.empty();
    }
  }
}
