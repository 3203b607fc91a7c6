package dev.leash.keycloak.audit.chain;

/**
 * A record row as the database holds it now, next to a sealed entry of the same record whose
 * version the row has not passed: the entry that sealed the row's current version, or a later one
 * when the row was set back. Either body may have been changed by someone with write access.
 *
 * @param seq the entry's sequence number
 * @param entryId the entry's id
 * @param recordId the record's id
 * @param sealedVersion the record version the entry sealed
 * @param sealedBody the entry's body: that version as sealed
 * @param rowVersion the version the record row says it is at
 * @param rowBody the record row's body: what {@code GET .../leash/audit} answers
 * @param rowColumns the record row's columns that the list filters on
 */
public record SealedVersion(
    long seq,
    String entryId,
    String recordId,
    int sealedVersion,
    String sealedBody,
    int rowVersion,
    String rowBody,
    RecordColumns rowColumns) {}
