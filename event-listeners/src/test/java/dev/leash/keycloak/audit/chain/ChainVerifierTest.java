package dev.leash.keycloak.audit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

  @Test
  void anUntouchedChainIsIntact() {
    List<StoredLink> chain = chain(3);

    Verification verification = verify(chain);

    assertTrue(verification.intact(), verification::toString);
    assertEquals(3, verification.entries());
  }

  @Test
  void anEditedRecordIsNamed() {
    List<StoredLink> chain = chain(3);
    chain.set(1, withBody(chain.get(1), body(2, "approved")));

    Verification verification = verify(chain);

    assertFalse(verification.intact());
    assertEquals(2, verification.broken().seq());
    assertEquals("record-2", verification.broken().recordId());
    assertEquals("its contents do not give its hash", verification.broken().problem());
    assertEquals(1, verification.entries());
  }

  @Test
  void anEntryRehashedAfterEditingBreaksTheNextLink() {
    List<StoredLink> chain = chain(3);
    StoredLink second = chain.get(1);
    ChainedEntry resealed =
        ChainedEntry.seal(
            "realm",
            2,
            second.entryId(),
            second.sealedAt(),
            second.prevHash(),
            ChainedEntry.parseRecord(body(2, "approved")));
    chain.set(
        1,
        new StoredLink(
            "realm",
            2,
            second.entryId(),
            second.sealedAt(),
            second.prevHash(),
            resealed.hash(),
            body(2, "approved")));

    Verification verification = verify(chain);

    assertEquals(3, verification.broken().seq());
    assertTrue(verification.broken().problem().contains("previous hash"), verification::toString);
  }

  @Test
  void aRemovedEntryIsAGap() {
    List<StoredLink> chain = chain(3);
    String headHash = chain.get(2).hash();
    chain.remove(1);

    Verification verification = verify(chain, 1, ChainedEntry.GENESIS, 3, 3, headHash, Map.of());

    assertEquals(3, verification.broken().seq());
    assertTrue(verification.broken().problem().contains("2 is missing"), verification::toString);
  }

  @Test
  void entriesRemovedFromTheEndAreNoticedThroughTheHead() {
    List<StoredLink> chain = chain(3);
    String headHash = chain.get(2).hash();
    chain.remove(2);

    Verification verification = verify(chain, 1, ChainedEntry.GENESIS, 3, 3, headHash, Map.of());

    assertFalse(verification.intact());
    assertEquals(3, verification.broken().seq());
    assertEquals("entries 3 to 3 were sealed but are missing", verification.broken().problem());
  }

  @Test
  void emptiedColumnsAreBrokenLinksNotErrors() {
    for (String column : List.of("ID", "SEALED_AT", "PREV_HASH", "HASH", "BODY")) {
      List<StoredLink> chain = chain(3);
      chain.set(1, emptied(chain.get(1), column));

      Verification verification = verify(chain);

      assertEquals(2, verification.broken().seq(), column);
      assertEquals("its " + column + " column is empty", verification.broken().problem());
    }
  }

  @Test
  void aGarbledBodyIsABrokenLink() {
    for (String garbage : List.of("{not json", "[1,2]", "{\"record_id\":1.5}", "", "null")) {
      List<StoredLink> chain = chain(3);
      chain.set(1, withBody(chain.get(1), garbage));

      Verification verification = verify(chain);

      assertEquals(2, verification.broken().seq(), garbage);
      assertEquals("its contents do not give its hash", verification.broken().problem());
    }
  }

  @Test
  void aBodyOfTheSameMeaningInOtherTextIsABrokenLink() {
    List<StoredLink> chain = chain(3);
    String canonical = chain.get(1).body();
    // A key twice: the parser keeps the last, a tool reading the row itself may keep the first.
    String twice = canonical.replace("{", "{\"outcome\":\"approved\",");
    for (String sameMeaning : List.of(twice, canonical.replace(",", ", "), " " + canonical)) {
      chain.set(1, withBody(chain.get(1), sameMeaning));

      Verification verification = verify(chain);

      assertEquals(2, verification.broken().seq(), sameMeaning);
      assertEquals("its contents do not give its hash", verification.broken().problem());
    }
  }

  @Test
  void aSealingTimeNoInstantHoldsIsABrokenLinkNotAnError() {
    List<StoredLink> chain = chain(3);
    StoredLink link = chain.get(1);
    chain.set(
        1,
        new StoredLink(
            link.realmId(),
            link.seq(),
            link.entryId(),
            9_000_000_000_000_000_000L,
            link.prevHash(),
            link.hash(),
            link.body()));

    Verification verification = verify(chain);

    assertEquals(2, verification.broken().seq());
    assertEquals("its contents do not give its hash", verification.broken().problem());
  }

  @Test
  void swappedSequenceNumbersBreakTheFirstOfThem() {
    List<StoredLink> chain = chain(4);
    StoredLink second = chain.get(1);
    StoredLink third = chain.get(2);
    chain.set(1, withSeq(third, 2));
    chain.set(2, withSeq(second, 3));

    Verification verification =
        verify(chain, 1, ChainedEntry.GENESIS, 4, 4, chain.get(3).hash(), Map.of());

    assertEquals(2, verification.broken().seq());
    assertEquals(third.entryId(), verification.broken().entryId());
  }

  @Test
  void aContinuationStartsFromTheAnchor() {
    List<StoredLink> chain = chain(5);

    Verification verification =
        verify(chain.subList(2, 4), 3, chain.get(1).hash(), 4, 5, chain.get(4).hash(), Map.of());

    assertTrue(verification.intact(), verification::toString);
    assertEquals(2, verification.entries());
    assertEquals(4, verification.toSeq());
  }

  @Test
  void anEntryWithNothingToAnchorItIsBroken() {
    List<StoredLink> chain = chain(3);

    Verification verification =
        verify(chain.subList(1, 3), 2, null, 3, 3, chain.get(2).hash(), Map.of());

    assertEquals(2, verification.broken().seq());
    assertTrue(verification.broken().problem().startsWith("nothing anchors it"));
  }

  @Test
  void checkpointsMatchTheRecomputedChain() {
    List<StoredLink> chain = chain(4);

    Verification verification =
        verify(
            chain,
            1,
            ChainedEntry.GENESIS,
            4,
            4,
            chain.get(3).hash(),
            Map.of(2L, chain.get(1).hash(), 4L, chain.get(3).hash()));

    assertTrue(verification.intact(), verification::toString);
    assertEquals(2, verification.checkpointsMatched());
  }

  @Test
  void aCheckpointCatchesAnEditRehashedUpToTheHead() {
    List<StoredLink> chain = chain(4);
    String signedAt3 = chain.get(2).hash();
    List<StoredLink> rewritten = new ArrayList<>(chain.subList(0, 1));
    String prev = chain.get(0).hash();
    for (int seq = 2; seq <= 4; seq++) {
      StoredLink link = chain.get(seq - 1);
      String body = seq == 2 ? body(2, "approved") : link.body();
      ChainedEntry sealed =
          ChainedEntry.seal(
              "realm", seq, link.entryId(), link.sealedAt(), prev, ChainedEntry.parseRecord(body));
      rewritten.add(
          new StoredLink("realm", seq, link.entryId(), link.sealedAt(), prev, sealed.hash(), body));
      prev = sealed.hash();
    }

    Verification verification =
        verify(rewritten, 1, ChainedEntry.GENESIS, 4, 4, prev, Map.of(3L, signedAt3));

    assertNull(verification.broken(), verification::toString);
    assertFalse(verification.intact());
    assertEquals(3, verification.checkpointProblem().seq());
  }

  @Test
  void anEditedEntryBreaksItsLinkAndTheCheckpointsAboveIt() {
    List<StoredLink> chain = chain(4);
    Map<Long, String> signed = Map.of(1L, chain.get(0).hash(), 3L, chain.get(2).hash());
    chain.set(1, withBody(chain.get(1), body(2, "approved")));

    Verification verification =
        verify(chain, 1, ChainedEntry.GENESIS, 4, 4, chain.get(3).hash(), signed);

    assertEquals(2, verification.broken().seq());
    assertEquals(1, verification.checkpointsMatched());
    assertEquals(3, verification.checkpointProblem().seq());
  }

  @Test
  void aCheckpointOfAMissingEntryIsReported() {
    List<StoredLink> chain = chain(3);
    String signed = chain.get(2).hash();
    chain.remove(2);

    Verification verification =
        verify(chain, 1, ChainedEntry.GENESIS, 3, 3, signed, Map.of(3L, signed));

    assertEquals(3, verification.checkpointProblem().seq());
    assertTrue(verification.checkpointProblem().problem().contains("missing"));
  }

  @Test
  void aCheckpointOfADeletedEntryIsNamedBeforeTheOnesAboveIt() {
    List<StoredLink> chain = chain(4);
    Map<Long, String> signed = Map.of(2L, chain.get(1).hash(), 3L, chain.get(2).hash());
    chain.remove(1);

    Verification verification =
        verify(chain, 1, ChainedEntry.GENESIS, 4, 4, chain.get(2).hash(), signed);

    assertEquals(3, verification.broken().seq());
    assertEquals(2, verification.checkpointProblem().seq());
    assertEquals(
        "entry 2, which this checkpoint signed, is missing",
        verification.checkpointProblem().problem());
  }

  @Test
  void withEveryEntryRemovedTheAnchorMustBeTheHead() {
    List<StoredLink> chain = chain(3);
    String head = chain.get(2).hash();

    assertTrue(verify(List.of(), 4, head, 3, 3, head, Map.of()).intact());
    Verification other = verify(List.of(), 4, chain.get(1).hash(), 3, 3, head, Map.of());
    assertEquals("the chain head's hash is not the hash of entry 3", other.broken().problem());
  }

  /** Every entry deleted, and nothing says retention did it. */
  @Test
  void withEveryEntryRemovedAndNothingToAnchorTheHeadItIsBroken() {
    List<StoredLink> chain = chain(3);

    Verification verification = verify(List.of(), 4, null, 3, 3, chain.get(2).hash(), Map.of());

    assertEquals(3, verification.broken().seq());
    assertTrue(
        verification.broken().problem().startsWith("nothing anchors the chain head"),
        verification::toString);
  }

  private static Verification verify(List<StoredLink> chain) {
    StoredLink last = chain.get(chain.size() - 1);
    return verify(chain, 1, ChainedEntry.GENESIS, last.seq(), last.seq(), last.hash(), Map.of());
  }

  private static Verification verify(
      List<StoredLink> links,
      long fromSeq,
      String anchor,
      long toSeq,
      long headSeq,
      String headHash,
      Map<Long, String> signed) {
    return ChainVerifier.verify(
        links.iterator(), new ChainRange(fromSeq, anchor, toSeq, headSeq, headHash), signed);
  }

  static List<StoredLink> chain(int length) {
    List<StoredLink> chain = new ArrayList<>();
    String prev = ChainedEntry.GENESIS;
    for (int seq = 1; seq <= length; seq++) {
      String body = body(seq, "denied");
      ChainedEntry entry =
          ChainedEntry.seal(
              "realm",
              seq,
              "entry-" + seq,
              1_800_000_000L + seq,
              prev,
              ChainedEntry.parseRecord(body));
      chain.add(
          new StoredLink(
              "realm", seq, entry.entryId(), entry.sealedAt(), prev, entry.hash(), body));
      prev = entry.hash();
    }
    return chain;
  }

  private static String body(int seq, String outcome) {
    ObjectNode record =
        JsonNodeFactory.instance
            .objectNode()
            .put("record_id", "record-" + seq)
            .put("outcome", outcome);
    return CanonicalJson.write(record);
  }

  private static StoredLink withBody(StoredLink link, String body) {
    return new StoredLink(
        link.realmId(),
        link.seq(),
        link.entryId(),
        link.sealedAt(),
        link.prevHash(),
        link.hash(),
        body);
  }

  private static StoredLink withSeq(StoredLink link, long seq) {
    return new StoredLink(
        link.realmId(),
        seq,
        link.entryId(),
        link.sealedAt(),
        link.prevHash(),
        link.hash(),
        link.body());
  }

  private static StoredLink emptied(StoredLink link, String column) {
    return new StoredLink(
        link.realmId(),
        link.seq(),
        column.equals("ID") ? null : link.entryId(),
        column.equals("SEALED_AT") ? null : link.sealedAt(),
        column.equals("PREV_HASH") ? null : link.prevHash(),
        column.equals("HASH") ? null : link.hash(),
        column.equals("BODY") ? null : link.body());
  }
}
