package dev.leash.keycloak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WindowCounterTest {

  @Test
  void countsUpToTheLimitWithinOneWindow() {
    MapStore store = new MapStore();
    long now = 1_000_050; // 30 s into the 60 s window that starts at 1_000_020
    for (int i = 0; i < 3; i++) {
      assertTrue(WindowCounter.tryCount(store, "c", 3, 60, now));
    }
    assertTrue(WindowCounter.isFull(store, "c", 3, 60, now));
    assertFalse(WindowCounter.tryCount(store, "c", 3, 60, now));
    assertEquals(30L, store.lifespans.get("c.16667.1"), "slots expire with the window");
  }

  @Test
  void aReleasedCountIsFreeAgain() {
    MapStore store = new MapStore();
    long now = 1_000_050;
    assertTrue(WindowCounter.tryCount(store, "c", 2, 60, now));
    assertTrue(WindowCounter.tryCount(store, "c", 2, 60, now));
    assertFalse(WindowCounter.tryCount(store, "c", 2, 60, now), "full");
    WindowCounter.release(store, "c", 2, 60, now);
    assertTrue(WindowCounter.tryCount(store, "c", 2, 60, now), "one count is free again");
    assertFalse(WindowCounter.tryCount(store, "c", 2, 60, now), "and only one");
  }

  /** After a release among later counts, the window takes exactly its limit, no count lost. */
  @Test
  void aReleaseAmongCountsGivesBackExactlyOne() {
    MapStore store = new MapStore();
    long now = 1_000_050;
    for (int i = 0; i < 4; i++) {
      assertTrue(WindowCounter.tryCount(store, "c", 6, 60, now));
    }
    WindowCounter.release(store, "c", 6, 60, now);
    int counted = 3;
    while (WindowCounter.tryCount(store, "c", 6, 60, now)) {
      counted++;
    }
    assertEquals(6, counted);
  }

  @Test
  void aNewWindowStartsAfresh() {
    MapStore store = new MapStore();
    assertTrue(WindowCounter.tryCount(store, "c", 1, 60, 1_000_030));
    assertFalse(WindowCounter.tryCount(store, "c", 1, 60, 1_000_059));
    assertTrue(WindowCounter.tryCount(store, "c", 1, 60, 1_000_080));
  }

  @Test
  void secondsLeftNeverReachZero() {
    assertEquals(60, WindowCounter.secondsLeft(60, 1_000_020));
    assertEquals(1, WindowCounter.secondsLeft(60, 1_000_019));
  }

  @Test
  void aHintedCountTakesTheNextSlotInOneStoreOperation() {
    CountingStore store = new CountingStore();
    CounterHints hints = new CounterHints();
    long now = 1_000_050;
    for (int i = 0; i < 1000; i++) {
      assertTrue(WindowCounter.claim(store, "c", 1_000_000, 60, now, hints) > 0);
    }
    assertEquals(1000, store.operations, "one putIfAbsent per count, no search");
    assertTrue(store.contains("c.16667.1000"));
  }

  @Test
  void aHintedCountFindsSlotsTakenElsewhereAndStopsAtTheLimit() {
    MapStore store = new MapStore();
    CounterHints thisNode = new CounterHints();
    long now = 1_000_050;
    assertEquals(1, WindowCounter.claim(store, "c", 10, 60, now, thisNode));
    for (int i = 0; i < 6; i++) { // another node, which has hints of its own
      assertTrue(WindowCounter.tryCount(store, "c", 10, 60, now));
    }
    assertEquals(8, WindowCounter.claim(store, "c", 10, 60, now, thisNode));
    assertTrue(store.contains("c.16667.8"), "the slot after those the other node took");
    assertEquals(9, WindowCounter.claim(store, "c", 10, 60, now, thisNode));
    assertEquals(10, WindowCounter.claim(store, "c", 10, 60, now, thisNode));
    assertEquals(0, WindowCounter.claim(store, "c", 10, 60, now, thisNode));
    assertFalse(WindowCounter.tryCount(store, "c", 10, 60, now), "full for every node");
    assertEquals(10, store.lifespans.size());
  }

  @Test
  void aHintOfAnEarlierWindowIsIgnored() {
    MapStore store = new MapStore();
    CounterHints hints = new CounterHints();
    assertTrue(WindowCounter.claim(store, "c", 1, 60, 1_000_030, hints) > 0);
    assertEquals(0, WindowCounter.claim(store, "c", 1, 60, 1_000_059, hints));
    assertTrue(WindowCounter.claim(store, "c", 1, 60, 1_000_080, hints) > 0);
    assertTrue(store.contains("c.16668.1"));
  }

  @Test
  void aLowerLimitThanTheHintIsFullAtOnce() {
    MapStore store = new MapStore();
    CounterHints hints = new CounterHints();
    long now = 1_000_050;
    for (int i = 0; i < 5; i++) {
      assertTrue(WindowCounter.claim(store, "c", 5, 60, now, hints) > 0);
    }
    assertEquals(0, WindowCounter.claim(store, "c", 3, 60, now, hints));
    assertTrue(WindowCounter.claim(store, "c", 6, 60, now, hints) > 0, "a raised limit counts on");
  }

  @Test
  void hintsStayBoundedWhateverTheNumberOfCounters() {
    MapStore store = new MapStore();
    CounterHints hints = new CounterHints();
    for (int i = 0; i <= CounterHints.MAX_COUNTERS; i++) {
      WindowCounter.claim(store, "c" + i, 5, 60, 1_000_050, hints);
    }
    assertTrue(hints.size() <= CounterHints.MAX_COUNTERS);
  }

  /** Counts the store operations a count costs. */
  private static final class CountingStore extends MapStore {
    int operations;

    @Override
    public boolean putIfAbsent(String key, long lifespanSeconds) {
      operations++;
      return super.putIfAbsent(key, lifespanSeconds);
    }

    @Override
    public boolean contains(String key) {
      operations++;
      return super.contains(key);
    }
  }
}
