package dev.leash.keycloak.audit.store;

/**
 * An entry a sink refused for good, by sequence number.
 *
 * @param failedAt epoch second of the latest refusal
 * @param retryRequestedAt epoch second an admin asked to deliver it again, or {@code null}
 */
public record DeadLetter(
    String id, String sink, long seq, long failedAt, String error, Long retryRequestedAt) {}
