package dev.leash.keycloak.audit.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetentionStartTest {

  private static final OptionalLong NO_MARK = OptionalLong.empty();

  @Test
  void withoutAMarkItStartsAtTheOldestEntryStoredOrWhereAsked() {
    assertEquals(1, RetentionStart.of(null, 1, NO_MARK));
    assertEquals(7, RetentionStart.of(7L, 1, NO_MARK));
    // Entries before the oldest stored are gone and nothing says retention deleted them: verify
    // starts there and finds nothing anchoring it.
    assertEquals(1001, RetentionStart.of(null, 1001, NO_MARK));
  }

  @Test
  void afterRetentionItStartsAfterTheMark() {
    assertEquals(1001, RetentionStart.of(null, 1001, OptionalLong.of(1000)));
  }

  /** Retention deletes 200 entries a transaction: 1 to 400 are gone, 401 to 1000 still going. */
  @Test
  void whileRetentionDeletesTowardsItsMarkTheEntriesStillGoingAreSkipped() {
    assertEquals(1001, RetentionStart.of(null, 401, OptionalLong.of(1000)));
    assertEquals(1001, RetentionStart.of(1L, 401, OptionalLong.of(1000)));
    assertEquals(1001, RetentionStart.of(401L, 401, OptionalLong.of(1000)));
  }

  /** An entry still stored before the start anchors it, as in any continuation. */
  @Test
  void aStartAfterAnEntryStillStoredStaysWhereAsked() {
    assertEquals(500, RetentionStart.of(500L, 401, OptionalLong.of(1000)));
    assertEquals(1500, RetentionStart.of(1500L, 1001, OptionalLong.of(1000)));
  }

  /** Entries above the mark are gone too: the start stays there, where verify names them. */
  @Test
  void entriesGoneBeyondTheMarkAreNotSkipped() {
    assertEquals(1501, RetentionStart.of(null, 1501, OptionalLong.of(1000)));
    assertEquals(1001, RetentionStart.of(1L, 1501, OptionalLong.of(1000)));
  }

  /**
   * A call asked to start at 500 while retention deleted towards its mark at 1000; retention's next
   * batches overtook its reading, so it must read again.
   */
  @Test
  void aCallBelowTheMarkIsOvertakenOnceRetentionDeletesPastItsStart() {
    OptionalLong mark = OptionalLong.of(1000);
    assertTrue(RetentionStart.overtaken(500, OptionalLong.of(601), mark));
    assertTrue(RetentionStart.overtaken(500, OptionalLong.empty(), mark));
    // Entry 499, which anchors the start, is gone.
    assertTrue(RetentionStart.overtaken(500, OptionalLong.of(500), mark));
    assertFalse(RetentionStart.overtaken(500, OptionalLong.of(499), mark));
    assertFalse(RetentionStart.overtaken(500, OptionalLong.of(401), mark));
  }

  /** Above the mark, or without one, retention deletes nothing: entries gone there are named. */
  @Test
  void aCallAboveTheMarkOrWithoutOneIsNeverOvertaken() {
    assertFalse(RetentionStart.overtaken(1001, OptionalLong.of(1501), OptionalLong.of(1000)));
    assertFalse(RetentionStart.overtaken(500, OptionalLong.of(601), NO_MARK));
  }
}
