package dev.leash.keycloak.audit.checkpoint;

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
 * What a checkpoint signs (docs/audit-format.md, {@code leash.audit-checkpoint/1}): the realm, a
 * sequence number, the hash of that entry, and when it was signed.
 *
 * @param createdAt epoch second of signing
 */
public record CheckpointPayload(String realmId, long seq, String hash, long createdAt) {

  public static final String SCHEMA = "leash.audit-checkpoint/1";

  /** The JWS {@code typ} header of checkpoints. */
  public static final String TYPE = "leash-audit-checkpoint";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  /** The canonical JSON bytes that are signed. */
  public byte[] bytes() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("schema", SCHEMA);
    json.put("realm_id", realmId);
    json.put("seq", seq);
    json.put("hash", hash);
    json.put("created_at", Instant.ofEpochSecond(createdAt).toString());
    return CanonicalJson.write(json).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The payload in {@code bytes}, or empty when they are not a checkpoint of this version, written
   * exactly as Leash writes one: a token the realm's key signed for another purpose, with the same
   * claims among others, is no checkpoint.
   */
  public static Optional<CheckpointPayload> parse(byte[] bytes) {
    try {
      JsonNode json = MAPPER.readTree(bytes);
      if (json == null
          || !SCHEMA.equals(json.path("schema").asText())
          || !json.path("realm_id").isTextual()
          || !json.path("seq").canConvertToLong()
          || !json.path("seq").isIntegralNumber()
          || !HASH.matcher(json.path("hash").asText()).matches()
          || !json.path("created_at").isTextual()) {
        return Optional.empty();
      }
      CheckpointPayload payload =
          new CheckpointPayload(
              json.path("realm_id").textValue(),
              json.path("seq").longValue(),
              json.path("hash").textValue(),
              Instant.parse(json.path("created_at").textValue()).getEpochSecond());
      return Arrays.equals(payload.bytes(), bytes) ? Optional.of(payload) : Optional.empty();
    } catch (IOException | DateTimeParseException unreadable) {
      return Optional.empty();
    }
  }
}
