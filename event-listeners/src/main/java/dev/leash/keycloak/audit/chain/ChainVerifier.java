package dev.leash.keycloak.audit.chain;

import java.util.Iterator;

/**
 * Walks a realm's sealed links in sequence order and reports the first one that breaks the chain:
 * contents that no longer give the stored hash, a link that does not point at its predecessor's
 * hash, a missing sequence number, or links missing at the end (the chain head remembers the last
 * sealed link).
 */
public final class ChainVerifier {

  private ChainVerifier() {}

  /**
   * @param links the realm's sealed links, by ascending sequence number
   * @param headSeq the last sequence number sealed, 0 when none
   * @param headHash the hash of that link
   */
  public static Verification verify(Iterator<ChainedEntry> links, long headSeq, String headHash) {
    long expectedSeq = 1;
    String expectedPrev = ChainedEntry.GENESIS;
    long checked = 0;
    while (links.hasNext()) {
      ChainedEntry link = links.next();
      if (link.seq() != expectedSeq) {
        return Verification.broken(
            checked, link, "sequence number " + expectedSeq + " is missing before this entry");
      }
      if (!link.prevHash().equals(expectedPrev)) {
        return Verification.broken(
            checked,
            link,
            "its previous hash does not match the hash of entry " + (expectedSeq - 1));
      }
      if (!link.recomputedHash().equals(link.hash())) {
        return Verification.broken(checked, link, "its contents do not give its hash");
      }
      checked++;
      expectedSeq++;
      expectedPrev = link.hash();
    }
    if (checked != headSeq || (headSeq > 0 && !expectedPrev.equals(headHash))) {
      return Verification.headMismatch(checked, headSeq);
    }
    return Verification.intact(checked);
  }
}
