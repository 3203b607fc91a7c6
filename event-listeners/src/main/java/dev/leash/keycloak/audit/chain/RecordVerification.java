package dev.leash.keycloak.audit.chain;

/**
 * The result of comparing record rows with the versions sealed in part of a realm's chain.
 *
 * @param checked record rows compared with a sealed version
 * @param matched those that hold their sealed version
 * @param first the first row that does not, in sequence order, or {@code null}
 */
public record RecordVerification(long checked, long matched, Problem first) {

  /**
   * @param recordId the record whose row was changed
   * @param seq the entry it was compared with
   * @param entryId that entry's id
   * @param problem what is wrong
   */
  public record Problem(String recordId, long seq, String entryId, String problem) {}

  public boolean intact() {
    return first == null;
  }
}
