package dev.leash.keycloak.audit.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueryTimesTest {

  @Test
  void readsInstantsAndUtcDays() {
    assertEquals(1_800_000_000L, QueryTimes.epochSecond("2027-01-15T08:00:00Z"));
    assertEquals(1_799_971_200L, QueryTimes.epochSecond("2027-01-15"));
    assertNull(QueryTimes.epochSecond(null));
    assertNull(QueryTimes.epochSecond(" "));
  }

  @Test
  void refusesAnythingElse() {
    assertThrows(IllegalArgumentException.class, () -> QueryTimes.epochSecond("yesterday"));
    assertThrows(IllegalArgumentException.class, () -> QueryTimes.epochSecond("1800000000"));
  }
}
