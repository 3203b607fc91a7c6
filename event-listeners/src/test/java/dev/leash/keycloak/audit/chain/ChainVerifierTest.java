package dev.leash.keycloak.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

  @Test
  void anUntouchedChainIsIntact() {
    List<ChainedEntry> chain = chain(3);

    Verification verification = verify(chain);

    assertTrue(verification.intact(), verification::toString);
    assertEquals(3, verification.entries());
  }

  @Test
  void anEditedRecordIsNamed() {
    List<ChainedEntry> chain = chain(3);
    ChainedEntry second = chain.get(1);
    ObjectNode edited = second.record().deepCopy().put("outcome", "approved");
    chain.set(1, withRecord(second, edited));

    Verification verification = verify(chain);

    assertFalse(verification.intact());
    assertEquals(2, verification.brokenSeq());
    assertEquals("record-2", verification.brokenRecordId());
    assertEquals("its contents do not give its hash", verification.problem());
  }

  @Test
  void anEntryRehashedAfterEditingBreaksTheNextLink() {
    List<ChainedEntry> chain = chain(3);
    ChainedEntry second = chain.get(1);
    ObjectNode edited = second.record().deepCopy().put("outcome", "approved");
    chain.set(
        1,
        ChainedEntry.seal(
            second.realmId(),
            second.seq(),
            second.entryId(),
            second.sealedAt(),
            second.prevHash(),
            edited));

    Verification verification = verify(chain);

    assertEquals(3, verification.brokenSeq());
    assertTrue(verification.problem().contains("previous hash"), verification::toString);
  }

  @Test
  void aRemovedEntryIsAGap() {
    List<ChainedEntry> chain = chain(3);
    chain.remove(1);

    Verification verification = verify(chain, 3, chain.get(1).hash());

    assertEquals(3, verification.brokenSeq());
    assertTrue(verification.problem().contains("2 is missing"), verification::toString);
  }

  @Test
  void entriesRemovedFromTheEndAreNoticedThroughTheHead() {
    List<ChainedEntry> chain = chain(3);
    String headHash = chain.get(2).hash();
    chain.remove(2);

    Verification verification = verify(chain, 3, headHash);

    assertFalse(verification.intact());
    assertEquals(3, verification.brokenSeq());
    assertTrue(verification.problem().contains("missing"), verification::toString);
  }

  @Test
  void theFirstEntryPointsAtGenesis() {
    assertEquals(ChainedEntry.GENESIS, chain(1).get(0).prevHash());
    assertEquals(64, chain(1).get(0).hash().length());
  }

  private static Verification verify(List<ChainedEntry> chain) {
    ChainedEntry last = chain.get(chain.size() - 1);
    return verify(chain, last.seq(), last.hash());
  }

  private static Verification verify(List<ChainedEntry> chain, long headSeq, String headHash) {
    return ChainVerifier.verify(chain.iterator(), headSeq, headHash);
  }

  private static List<ChainedEntry> chain(int length) {
    List<ChainedEntry> chain = new ArrayList<>();
    String prev = ChainedEntry.GENESIS;
    for (int seq = 1; seq <= length; seq++) {
      ObjectNode record =
          JsonNodeFactory.instance
              .objectNode()
              .put("record_id", "record-" + seq)
              .put("outcome", "denied");
      ChainedEntry entry =
          ChainedEntry.seal("realm", seq, "entry-" + seq, 1_800_000_000L + seq, prev, record);
      chain.add(entry);
      prev = entry.hash();
    }
    return chain;
  }

  private static ChainedEntry withRecord(ChainedEntry entry, ObjectNode record) {
    return new ChainedEntry(
        entry.realmId(),
        entry.seq(),
        entry.entryId(),
        entry.sealedAt(),
        entry.prevHash(),
        entry.hash(),
        record);
  }
}
