package dev.leash.keycloak.audit.chain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * One link of a realm's audit chain: a version of an approval record, sealed with the realm's next
 * sequence number and the hash of the link before it. Its hash is SHA-256 over the canonical JSON
 * ({@link CanonicalJson}) of its envelope without the {@code hash} member, so changing any sealed
 * byte of meaning, or removing or reordering links, breaks the chain.
 *
 * <p>The record is canonicalised at most once per link: the hash and the line sinks receive are
 * both built around that one text. (A class, not a record, to hold that text.)
 */
public final class ChainedEntry {

  /** Version of the envelope format (docs/audit-format.md). */
  public static final String SCHEMA = "leash.audit-entry/1";

  /** The previous hash of a realm's first link. */
  public static final String GENESIS = "0".repeat(64);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String realmId;
  private final long seq;
  private final String entryId;
  private final long sealedAt;
  private final String prevHash;
  private final String hash;
  private final ObjectNode record;

  /**
   * The record's canonical text, written on first use. A race only writes the same text twice, and
   * a String is safe to share without a lock.
   */
  private String canonicalRecord;

  public ChainedEntry(
      String realmId,
      long seq,
      String entryId,
      long sealedAt,
      String prevHash,
      String hash,
      ObjectNode record) {
    this.realmId = realmId;
    this.seq = seq;
    this.entryId = entryId;
    this.sealedAt = sealedAt;
    this.prevHash = prevHash;
    this.hash = hash;
    this.record = record;
  }

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
    String canonicalRecord = CanonicalJson.write(record);
    String hash =
        sha256(envelopeText(realmId, seq, entryId, sealedAt, prevHash, canonicalRecord, null));
    ChainedEntry sealed = new ChainedEntry(realmId, seq, entryId, sealedAt, prevHash, hash, record);
    sealed.canonicalRecord = canonicalRecord;
    return sealed;
  }

  /** The hash the link's contents give now: equal to {@link #hash()} unless it was altered. */
  public String recomputedHash() {
    return sha256(envelopeText(null));
  }

  /** What sinks receive: the envelope with its hash, as one line of canonical JSON. */
  public String toJsonLine() {
    return envelopeText(hash);
  }

  /** The envelope with its hash. */
  public ObjectNode toJson() {
    ObjectNode envelope = JsonNodeFactory.instance.objectNode();
    envelope.put("schema", SCHEMA);
    envelope.put("realm_id", realmId);
    envelope.put("seq", seq);
    envelope.put("entry_id", entryId);
    envelope.put("sealed_at", sealedAtText(sealedAt));
    envelope.put("prev_hash", prevHash);
    envelope.set("record", record);
    envelope.put("hash", hash);
    return envelope;
  }

  public String realmId() {
    return realmId;
  }

  public long seq() {
    return seq;
  }

  public String entryId() {
    return entryId;
  }

  /** Epoch second of sealing. */
  public long sealedAt() {
    return sealedAt;
  }

  /** Hash of link {@code seq - 1}; {@link #GENESIS} for the first. */
  public String prevHash() {
    return prevHash;
  }

  public String hash() {
    return hash;
  }

  public ObjectNode record() {
    return record;
  }

  /** The canonical envelope, the same members as {@link #toJson()}; without a hash when null. */
  private String envelopeText(String withHash) {
    if (canonicalRecord == null) {
      canonicalRecord = CanonicalJson.write(record);
    }
    return envelopeText(realmId, seq, entryId, sealedAt, prevHash, canonicalRecord, withHash);
  }

  private static String envelopeText(
      String realmId,
      long seq,
      String entryId,
      long sealedAt,
      String prevHash,
      String canonicalRecord,
      String withHash) {
    Map<String, String> members = new HashMap<>();
    members.put("schema", CanonicalJson.quote(SCHEMA));
    members.put("realm_id", CanonicalJson.quote(realmId));
    members.put("seq", Long.toString(seq));
    members.put("entry_id", CanonicalJson.quote(entryId));
    members.put("sealed_at", CanonicalJson.quote(sealedAtText(sealedAt)));
    members.put("prev_hash", CanonicalJson.quote(prevHash));
    members.put("record", canonicalRecord);
    if (withHash != null) {
      members.put("hash", CanonicalJson.quote(withHash));
    }
    return CanonicalJson.writeObject(members);
  }

  private static String sealedAtText(long sealedAt) {
    return EpochSeconds.text(sealedAt);
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
