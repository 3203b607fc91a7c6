package dev.leash.keycloak.audit.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class JustSealedTest {

  @Test
  void givesHeldEntriesInOrderUpToTheLimit() {
    JustSealed held = new JustSealed(100);
    held.add(entries("r", 1, 10));

    assertEquals(List.of(4L, 5L, 6L), seqs(held.from("r", 4, 3)));
    assertEquals(List.of(9L, 10L), seqs(held.from("r", 9, 3)));
  }

  @Test
  void stopsAtAGapAnotherDrainerSealed() {
    JustSealed held = new JustSealed(100);
    held.add(entries("r", 1, 3));
    held.add(entries("r", 6, 8));

    assertEquals(List.of(2L, 3L), seqs(held.from("r", 2, 10)));
    assertEquals(List.of(), seqs(held.from("r", 4, 10)), "read from the database instead");
    assertEquals(List.of(6L, 7L, 8L), seqs(held.from("r", 6, 10)));
  }

  @Test
  void keepsRealmsApart() {
    JustSealed held = new JustSealed(100);
    held.add(entries("a", 1, 2));

    assertEquals(List.of(), seqs(held.from("b", 1, 10)));
  }

  @Test
  void holdsNoMoreThanItsCapacity() {
    JustSealed held = new JustSealed(4);
    held.add(entries("a", 1, 3));
    held.add(entries("b", 1, 3));

    assertEquals(List.of(1L, 2L, 3L), seqs(held.from("a", 1, 10)));
    assertEquals(List.of(1L), seqs(held.from("b", 1, 10)));
  }

  private static List<ChainedEntry> entries(String realmId, long fromSeq, long toSeq) {
    return LongStream.rangeClosed(fromSeq, toSeq)
        .mapToObj(
            seq ->
                ChainedEntry.seal(
                    realmId,
                    seq,
                    "e-" + seq,
                    1_800_000_000L,
                    ChainedEntry.GENESIS,
                    JsonNodeFactory.instance.objectNode().put("n", seq)))
        .toList();
  }

  private static List<Long> seqs(List<ChainedEntry> entries) {
    return entries.stream().map(ChainedEntry::seq).toList();
  }
}
