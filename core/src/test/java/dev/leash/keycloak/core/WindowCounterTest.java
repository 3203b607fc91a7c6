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
}
