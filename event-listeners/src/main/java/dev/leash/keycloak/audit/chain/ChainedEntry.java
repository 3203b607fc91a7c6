package dev.leash.keycloak.audit.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One link of a realm's audit chain: a version of an approval record, sealed with the realm's next
 * sequence number and the hash of the link before it. Its hash is SHA-256 over the canonical JSON
 * ({@link CanonicalJson}) of its envelope without the {@code hash} member, so changing any sealed
 * byte of meaning, or removing or reordering links, breaks the chain.
 *
 * @param sealedAt epoch second of sealing
 * @param prevHash hash of link {@code seq - 1}; {@link #GENESIS} for the first
 */
public record ChainedEntry(
    String realmId,
    long seq,
    String entryId,
    long sealedAt,
    String prevHash,
    String hash,
    ObjectNode record) {

  /** Version of the envelope format (docs/audit-format.md). */
  public static final String SCHEMA = "leash.audit-entry/1";

  /** The previous hash of a realm's first link. */
  public static final String GENESIS = "0".repeat(64);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * The record a stored body holds; a body that no longer parses as an object is kept as text, so
   * its hash cannot match.
   */
  public static ObjectNode parseRecord(String body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException unparseable) {
      // Reported by verification as altered contents.
    }
    return JsonNodeFactory.instance.objectNode().put("unparseable_body", body);
  }

  /** Seals {@code record} as link {@code seq} after the link whose hash is {@code prevHash}. */
  public static ChainedEntry seal(
      String realmId, long seq, String entryId, long sealedAt, String prevHash, ObjectNode record) {
    String hash =
        sha256(CanonicalJson.write(envelope(realmId, seq, entryId, sealedAt, prevHash, record)));
    return new ChainedEntry(realmId, seq, entryId, sealedAt, prevHash, hash, record);
  }

  /** The hash the link's contents give now: equal to {@link #hash()} unless it was altered. */
  public String recomputedHash() {
    return sha256(CanonicalJson.write(envelope(realmId, seq, entryId, sealedAt, prevHash, record)));
  }

  /** What sinks receive: the envelope with its hash, as one line of canonical JSON. */
  public String toJsonLine() {
    return CanonicalJson.write(toJson());
  }

  /** The envelope with its hash. */
  public ObjectNode toJson() {
    ObjectNode json = envelope(realmId, seq, entryId, sealedAt, prevHash, record);
    json.put("hash", hash);
    return json;
  }

  private static ObjectNode envelope(
      String realmId, long seq, String entryId, long sealedAt, String prevHash, ObjectNode record) {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("schema", SCHEMA);
    envelope.put("realm_id", realmId);
    envelope.put("seq", seq);
    envelope.put("entry_id", entryId);
    envelope.put("sealed_at", Instant.ofEpochSecond(sealedAt).toString());
    envelope.put("prev_hash", prevHash);
    envelope.set("record", record);
    return envelope;
  }

  private static String sha256(String canonical) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
