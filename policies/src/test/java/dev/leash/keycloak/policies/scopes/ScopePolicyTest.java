package dev.leash.keycloak.policies.scopes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScopePolicyTest {

  private final ScopePolicy policy =
      new ScopePolicy(
          List.of("openid", "agent:read"),
          2,
          List.of("agent:read"),
          List.of(),
          List.of(),
          0,
          0,
          60);

  @Test
  void refusesTheFirstScopeOutsideThePolicyByName() {
    assertEquals(
        Optional.of("Scope agent:write is not allowed for this agent"),
        policy.refusal(List.of("openid", "agent:write")));
    assertEquals(
        Optional.of("Scope (unprintable) is not allowed for this agent"),
        policy.refusal(List.of("<script>\"")));
    assertEquals(
        Optional.of("Scope (unprintable) is not allowed for this agent"),
        policy.refusal(List.of("<script>leash</script>")));
    assertEquals(
        Optional.of("Scope https://api.example.com/read is not allowed for this agent"),
        policy.refusal(List.of("https://api.example.com/read")));
  }

  @Test
  void refusesTooManyScopes() {
    ScopePolicy unlimitedNames =
        new ScopePolicy(List.of(), 2, List.of(), List.of(), List.of(), 0, 0, 60);
    assertTrue(unlimitedNames.refusal(List.of("a", "b", "c")).orElseThrow().contains("at most 2"));
    assertEquals(Optional.empty(), unlimitedNames.refusal(List.of("a", "b")));
  }
}
