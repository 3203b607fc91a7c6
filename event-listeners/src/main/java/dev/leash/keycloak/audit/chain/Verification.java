package dev.leash.keycloak.audit.chain;

/**
 * The result of verifying a realm's audit chain.
 *
 * @param entries links verified intact, from the first on
 * @param brokenSeq sequence number of the first broken link, or 0 when none
 * @param brokenEntryId its entry id, or {@code null}
 * @param brokenRecordId the approval record it is a version of, or {@code null}
 * @param problem what is wrong, or {@code null} when the chain is intact
 */
public record Verification(
    long entries, long brokenSeq, String brokenEntryId, String brokenRecordId, String problem) {

  public boolean intact() {
    return problem == null;
  }

  static Verification intact(long entries) {
    return new Verification(entries, 0, null, null, null);
  }

  static Verification broken(long entries, ChainedEntry link, String problem) {
    return new Verification(
        entries, link.seq(), link.entryId(), link.record().path("record_id").asText(null), problem);
  }

  static Verification headMismatch(long entries, long headSeq) {
    String problem =
        entries < headSeq
            ? "entries " + (entries + 1) + " to " + headSeq + " were sealed but are missing"
            : "the chain head records "
                + headSeq
                + " sealed entries, but "
                + entries
                + " are stored";
    return new Verification(entries, Math.min(entries, headSeq) + 1, null, null, problem);
  }
}
