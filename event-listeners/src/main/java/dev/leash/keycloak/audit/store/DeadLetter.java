package dev.leash.keycloak.audit.store;

/** An entry a sink refused for good, by sequence number; epoch second of the refusal. */
public record DeadLetter(String sink, long seq, long failedAt, String error) {}
