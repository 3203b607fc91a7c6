package dev.leash.keycloak.audit.store;

/** The last sealed link of a realm's chain: sequence 0 and the genesis hash when none. */
public record ChainHead(String realmId, long lastSeq, String lastHash) {}
