package dev.leash.keycloak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AgentCountersTest {

  private final MapStore store = new MapStore();
  private final AgentCounters counters = new AgentCounters(store, "agent-uuid");

  @Test
  void aFreedSlotCanBeClaimedAgain() {
    int slot = counters.claimPendingSlot(1, 600).getAsInt();
    assertEquals(OptionalInt.empty(), counters.claimPendingSlot(1, 600));

    assertTrue(counters.releasePendingSlotOnce("code-a", slot, 720));
    assertEquals(OptionalInt.of(1), counters.claimPendingSlot(1, 600));
  }

  @Test
  void aCodeFreesItsSlotOnlyOnceSoItNeverFreesTheSlotOfTheNextCode() {
    counters.claimPendingSlot(1, 600);
    assertTrue(counters.releasePendingSlotOnce("code-a", 1, 720), "the denial's first poll");
    assertEquals(OptionalInt.of(1), counters.claimPendingSlot(1, 600), "code b takes the slot");

    assertFalse(counters.releasePendingSlotOnce("code-a", 1, 720), "the denial's second poll");
    assertEquals(OptionalInt.empty(), counters.claimPendingSlot(1, 600), "code b still holds it");
  }

  @Test
  void aCodeNoLongerHoldsItsSlotOnceTheSlotLapsed() {
    long slotUntil = 1_000;
    assertTrue(AgentCounters.holdsItsSlot(slotUntil, slotUntil - 6));
    assertFalse(
        AgentCounters.holdsItsSlot(slotUntil, slotUntil),
        "the slot lapsed, and another code may have claimed it since");
    assertFalse(
        AgentCounters.holdsItsSlot(slotUntil, slotUntil - 5),
        "the slot may lapse between this check and the release, or has on a node whose clock is"
            + " ahead");
  }

  @Test
  void theMarkerOutlivesTheCode() {
    counters.claimPendingSlot(1, 600);
    counters.releasePendingSlotOnce("code-a", 1, 720);
    assertEquals(720L, store.lifespans.get("leash.dc.code-a.slot-freed"));
  }
}
