package dev.leash.keycloak.audit.retention;

/**
 * A realm's stored retention mark: retention may delete, or has deleted, the realm's entries up to
 * {@code throughSeq}, as the realm's key {@code kid} signed in {@code jws} at {@code markedAt}
 * (epoch second). The other fields are copies for the drainer, which anyone with database access
 * can change; only the JWS counts.
 */
public record RetentionMark(
    String realmId, long throughSeq, long markedAt, String kid, String jws) {}
