package dev.leash.keycloak.audit.checkpoint;

/**
 * A stored checkpoint: entry {@code seq} of the realm's chain had hash {@code entryHash} when the
 * realm's key {@code kid} signed {@code jws} at {@code createdAt} (epoch second). The other fields
 * are copies for queries, which anyone with database access can change; only the JWS counts.
 */
public record Checkpoint(
    String realmId, long seq, String entryHash, long createdAt, String kid, String jws) {}
