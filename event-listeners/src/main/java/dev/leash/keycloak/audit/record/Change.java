package dev.leash.keycloak.audit.record;

/** What a fact did to an approval record, which decides whether a new version is delivered. */
public enum Change {
  /** Nothing: the fact was already known or no longer matters. */
  NONE,
  /** Only a counter moved (another rejected poll or refusal): delivered later, coalesced. */
  COUNTED,
  /** Something an auditor must see soon: delivered as a new version of the record. */
  SIGNIFICANT;

  /** The stronger of two changes applied together. */
  Change and(Change other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
