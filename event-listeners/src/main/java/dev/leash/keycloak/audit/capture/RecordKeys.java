package dev.leash.keycloak.audit.capture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The keys under which approval records are unique in a realm. */
final class RecordKeys {

  /** Refusals of one agent with one error are tallied per hour. */
  static final long REFUSAL_WINDOW_SECONDS = 3600;

  /** Characters the {@code RECORD_KEY} column ({@code VARCHAR(255)}) holds. */
  static final int MAX_LENGTH = 255;

  private RecordKeys() {}

  /**
   * A grant's record: keyed by agent as well as approval id, because a client that no Leash policy
   * covers can send its own {@code leash_approval_id}; keyed so, a copied id only ever reaches the
   * sender's own records. A client id may itself be 255 characters long: a key that would not fit
   * the column becomes a hash of both parts, under a prefix no plain key has. Keys that fit stay as
   * they always were, so records written before an upgrade are still found.
   */
  static String grant(String clientId, String approvalId) {
    String key = "grant:" + clientId + ":" + approvalId;
    if (key.length() <= MAX_LENGTH) {
      return key;
    }
    // The length prefix keeps the hashed text unambiguous: client ids may contain ':'.
    return "grant-sha256:" + sha256(clientId.length() + ":" + clientId + ":" + approvalId);
  }

  static String refusals(String clientUuid, String error, long windowStart) {
    return "refused:" + clientUuid + ":" + error + ":" + windowStart;
  }

  static long windowStart(long now) {
    return now - Math.floorMod(now, REFUSAL_WINDOW_SECONDS);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }
}
