package dev.leash.keycloak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApproverRulesTest {

  @Test
  void eachExecutorNamingApproversAddsARuleOfItsOwn() {
    Map<String, String> params = new HashMap<>();
    ApproverRules.add(params, List.of(), List.of("/agent-approvers"));
    ApproverRules.add(params, List.of(), List.of());
    ApproverRules.add(params, List.of("security-officer"), List.of());
    ApproverRules.add(params, List.of("a", "b"), List.of("/g"));

    assertEquals(
        List.of(
            new ApproverRules.Rule(List.of(), List.of("/agent-approvers")),
            new ApproverRules.Rule(List.of("security-officer"), List.of()),
            new ApproverRules.Rule(List.of("a", "b"), List.of("/g"))),
        ApproverRules.of(params));
    assertEquals("/agent-approvers", params.get(DeviceCodeParams.APPROVER_GROUPS));
    assertEquals("security-officer", params.get(DeviceCodeParams.APPROVER_ROLES + "_2"));
    assertEquals("a##b", params.get(DeviceCodeParams.APPROVER_ROLES + "_3"));
  }

  @Test
  void theSameRuleTwiceIsKeptOnce() {
    Map<String, String> params = new HashMap<>();
    ApproverRules.add(params, List.of("r"), List.of("/g"));
    ApproverRules.add(params, List.of("r"), List.of("/g"));
    assertEquals(1, ApproverRules.of(params).size());
  }

  @Test
  void aCodeStampedWithOneRuleBeforeSeveralWerePossibleReadsAsThatRule() {
    Map<String, String> params =
        Map.of(DeviceCodeParams.APPROVER_ROLES, "r1##r2", DeviceCodeParams.APPROVER_GROUPS, "/g");
    assertEquals(
        List.of(new ApproverRules.Rule(List.of("r1", "r2"), List.of("/g"))),
        ApproverRules.of(params));
    assertEquals(List.of(), ApproverRules.of(Map.of()));
    assertEquals(List.of(), ApproverRules.of(null));
  }
}
