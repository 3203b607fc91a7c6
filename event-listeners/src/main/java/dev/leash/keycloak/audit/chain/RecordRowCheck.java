package dev.leash.keycloak.audit.chain;

import java.util.Iterator;
import java.util.Optional;

/**
 * Compares the record rows that {@code GET .../leash/audit} serves with the chain: a row whose
 * current version was sealed must hold that version as sealed, and no row may be at a version older
 * than one sealed. A row whose current version is not sealed yet (counters moved since, or the
 * version waits in the outbox) has nothing to be compared with, and is not passed here.
 */
public final class RecordRowCheck {

  private RecordRowCheck() {}

  /** Checks each row of {@code versions}, which come in sequence order. */
  public static RecordVerification verify(Iterator<SealedVersion> versions) {
    long checked = 0;
    long matched = 0;
    RecordVerification.Problem first = null;
    while (versions.hasNext()) {
      SealedVersion version = versions.next();
      checked++;
      Optional<String> problem = problem(version);
      if (problem.isEmpty()) {
        matched++;
      } else if (first == null) {
        first =
            new RecordVerification.Problem(
                version.recordId(), version.seq(), version.entryId(), problem.get());
      }
    }
    return new RecordVerification(checked, matched, first);
  }

  static Optional<String> problem(SealedVersion version) {
    if (version.rowVersion() < version.sealedVersion()) {
      return Optional.of(
          "it is at version "
              + version.rowVersion()
              + ", but entry "
              + version.seq()
              + " sealed version "
              + version.sealedVersion());
    }
    if (version.rowBody() == null) {
      return Optional.of("its BODY column is empty");
    }
    // Compared as JSON, as the chain hashes it: a change of meaning counts, not of layout. An
    // emptied entry body is the chain's finding; the row cannot match it.
    if (version.sealedBody() == null
        || !ChainedEntry.parseRecord(version.rowBody())
            .equals(ChainedEntry.parseRecord(version.sealedBody()))) {
      return Optional.of(
          "it differs from version "
              + version.sealedVersion()
              + " as entry "
              + version.seq()
              + " sealed it");
    }
    return version
        .rowColumns()
        .firstDifferenceFrom(RecordColumns.of(ChainedEntry.parseRecord(version.sealedBody())))
        .map(column -> "its " + column + " column does not say what its body says");
  }
}
