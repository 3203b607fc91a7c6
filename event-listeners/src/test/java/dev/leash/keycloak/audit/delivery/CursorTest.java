package dev.leash.keycloak.audit.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CursorTest {

  private static final long NOW = 1_000;

  @Test
  void deliveryMovesPastTheBatch() {
    Cursor cursor = Cursor.start("realm", "file").delivered(3, NOW);

    assertEquals(4, cursor.nextSeq());
    assertEquals(NOW, cursor.deliveredAt());
    assertTrue(cursor.due(NOW));
  }

  @Test
  void failuresInARowBackOffAndKeepWhenTheyStarted() {
    Cursor cursor = Cursor.start("realm", "file").failed(0, "disk full", NOW);
    assertEquals(1, cursor.attempts());
    assertEquals(NOW + 1, cursor.nextAttemptAt());
    assertFalse(cursor.due(NOW));

    cursor = cursor.failed(0, "disk full", NOW + 1).failed(0, "disk full", NOW + 3);

    assertEquals(3, cursor.attempts());
    assertEquals(NOW + 3 + 4, cursor.nextAttemptAt());
    assertEquals(NOW, cursor.failingSince());
    assertEquals(1, cursor.nextSeq(), "nothing is skipped");
  }

  @Test
  void aFailureAfterSomeDeliveredEntriesCountsForTheNextEntryAlone() {
    Cursor cursor = Cursor.start("realm", "file").failed(0, "down", NOW).failed(2, "down", NOW + 5);

    assertEquals(3, cursor.nextSeq());
    assertEquals(1, cursor.attempts());
    assertEquals(NOW + 5, cursor.failingSince());
    assertEquals(NOW + 5, cursor.deliveredAt());
  }

  @Test
  void aRejectedEntryIsSkippedAndDeliveryRecovers() {
    Cursor cursor = Cursor.start("realm", "webhook").failed(0, "down", NOW).rejected(2, "413", NOW);

    assertEquals(3, cursor.nextSeq(), "entry 1 delivered, entry 2 dead-lettered");
    assertEquals(0, cursor.attempts());
    assertNull(cursor.failingSince());
    assertTrue(cursor.due(NOW));
  }

  @Test
  void aCursorBehindTheOldestStoredEntryMovesToWhatTheSinkGot() {
    Cursor cursor = Cursor.start("realm", "new-webhook").delivered(100_500, NOW);
    assertEquals(100_501, cursor.nextSeq(), "entries 1 to 100000 were deleted by retention");

    Cursor failed = Cursor.start("realm", "new-webhook").failed(100_002, "down", NOW);
    assertEquals(100_003, failed.nextSeq());
    assertEquals(1, failed.attempts());

    Cursor rejected = Cursor.start("realm", "new-webhook").rejected(100_003, "422", NOW);
    assertEquals(100_004, rejected.nextSeq());
    assertEquals(NOW, rejected.deliveredAt(), "entries before the refused one count as delivered");
  }

  @Test
  void backOffDoublesUpToFiveMinutes() {
    assertEquals(1, Backoff.delaySeconds(1));
    assertEquals(2, Backoff.delaySeconds(2));
    assertEquals(256, Backoff.delaySeconds(9));
    assertEquals(300, Backoff.delaySeconds(10));
    assertEquals(300, Backoff.delaySeconds(Integer.MAX_VALUE));
  }
}
