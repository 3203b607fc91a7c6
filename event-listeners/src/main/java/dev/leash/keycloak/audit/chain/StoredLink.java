package dev.leash.keycloak.audit.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A sealed entry's columns as the database holds them now: anything may have been changed, emptied
 * or garbled by someone with write access, so every column but the sequence number may be null.
 */
public record StoredLink(
    String realmId,
    long seq,
    String entryId,
    Long sealedAt,
    String prevHash,
    String hash,
    String body) {

  /** The first column that is empty, by its database name; empty when all are set. */
  Optional<String> emptyColumn() {
    if (entryId == null) {
      return Optional.of("ID");
    }
    if (sealedAt == null) {
      return Optional.of("SEALED_AT");
    }
    if (prevHash == null) {
      return Optional.of("PREV_HASH");
    }
    if (hash == null) {
      return Optional.of("HASH");
    }
    if (body == null) {
      return Optional.of("BODY");
    }
    return Optional.empty();
  }

  /** The link as sealed, assuming {@link #emptyColumn()} is empty. */
  ChainedEntry entry() {
    return new ChainedEntry(
        realmId, seq, entryId, sealedAt, prevHash, hash, ChainedEntry.parseRecord(body));
  }

  /**
   * The hash these contents give after {@code prevHash}, or empty when they cannot give one (empty
   * columns, numbers no entry holds).
   */
  Optional<String> hashAfter(String prevHash) {
    if (entryId == null || sealedAt == null || body == null) {
      return Optional.empty();
    }
    try {
      ObjectNode record = ChainedEntry.parseRecord(body);
      if (!body.equals(CanonicalJson.write(record))) {
        // Leash stores canonical text only. Another text of the same meaning (a key twice, say)
        // may read differently to a tool that queries the row itself.
        return Optional.empty();
      }
      return Optional.of(
          ChainedEntry.seal(realmId, seq, entryId, sealedAt, prevHash, record).hash());
    } catch (IllegalArgumentException notAnEntry) {
      return Optional.empty();
    }
  }

  /** The approval record this link is a version of, when its body still says. */
  String recordId() {
    if (body == null) {
      return null;
    }
    return ChainedEntry.parseRecord(body).path("record_id").asText(null);
  }
}
