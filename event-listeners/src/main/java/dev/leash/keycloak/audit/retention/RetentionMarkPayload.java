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
import java.util.regex.Pattern;

/**
 * What a retention mark signs (docs/audit-format.md, {@code leash.audit-retention-mark/1}): the
 * realm's entries up to and including {@code throughSeq} may be gone, and entry {@code throughSeq +
 * 1} follows {@code hash}. Retention signs one at a checkpoint before it deletes towards it (the
 * checkpoint's hash); an admin who acknowledges entries gone otherwise signs one with {@code
 * acknowledgedBy}.
 *
 * @param hash the hash of entry {@code throughSeq}, which anchors the entry after it
 * @param markedAt epoch second of signing
 * @param acknowledgedBy the id of the admin who acknowledged the entries gone, or {@code null} for
 *     retention's own mark
 */
public record RetentionMarkPayload(
    String realmId, long throughSeq, String hash, long markedAt, String acknowledgedBy) {

  public static final String SCHEMA = "leash.audit-retention-mark/1";

  /** The JWS {@code typ} header of retention marks. */
  public static final String TYPE = "leash-audit-retention-mark";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  /** The canonical JSON bytes that are signed. */
  public byte[] bytes() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("schema", SCHEMA);
    json.put("realm_id", realmId);
    json.put("through_seq", throughSeq);
    json.put("hash", hash);
    json.put("marked_at", Instant.ofEpochSecond(markedAt).toString());
    if (acknowledgedBy != null) {
      json.put("acknowledged_by", acknowledgedBy);
    }
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
          || !HASH.matcher(json.path("hash").asText()).matches()
          || !json.path("marked_at").isTextual()
          || !(json.path("acknowledged_by").isMissingNode()
              || json.path("acknowledged_by").isTextual())) {
        return Optional.empty();
      }
      RetentionMarkPayload payload =
          new RetentionMarkPayload(
              json.path("realm_id").textValue(),
              json.path("through_seq").longValue(),
              json.path("hash").textValue(),
              Instant.parse(json.path("marked_at").textValue()).getEpochSecond(),
              json.path("acknowledged_by").textValue());
      return Arrays.equals(payload.bytes(), bytes) ? Optional.of(payload) : Optional.empty();
    } catch (IOException | DateTimeParseException unreadable) {
      return Optional.empty();
    }
  }
}
