package dev.leash.keycloak.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who may approve a device code, as stamped by the {@code leash-scope-limit} executors that covered
 * its request. Each executor that names approvers adds one rule: realm roles and group paths, of
 * which the approver must hold one. Several client profiles may cover one agent, and an approver
 * must pass every one's rule: a profile never widens who may approve under another.
 *
 * <p>The first rule is stamped as {@link DeviceCodeParams#APPROVER_ROLES} and {@link
 * DeviceCodeParams#APPROVER_GROUPS}, as before several rules were possible, so codes and nodes of
 * either version read it; the next ones under the same names with {@code _2}, {@code _3}, ….
 */
public final class ApproverRules {

  /** One executor's approvers: members of any of the roles or groups. */
  public record Rule(List<String> roles, List<String> groups) {

    public Rule {
      roles = List.copyOf(roles);
      groups = List.copyOf(groups);
    }
  }

  private ApproverRules() {}

  /**
   * Adds the rule {@code roles} or {@code groups} to the code's; nothing when both are empty (the
   * executor does not restrict approvers) or the code has that rule already.
   */
  public static void add(Map<String, String> params, List<String> roles, List<String> groups) {
    Rule rule = new Rule(roles, groups);
    List<Rule> rules = of(params);
    if ((roles.isEmpty() && groups.isEmpty()) || rules.contains(rule)) {
      return;
    }
    int number = rules.size() + 1;
    DeviceCodeParams.putList(params, rolesName(number), roles);
    DeviceCodeParams.putList(params, groupsName(number), groups);
  }

  /** The code's rules, in the order they were stamped; empty when anyone may approve. */
  public static List<Rule> of(Map<String, String> params) {
    List<Rule> rules = new ArrayList<>();
    for (int number = 1; ; number++) {
      List<String> roles = DeviceCodeParams.list(params, rolesName(number));
      List<String> groups = DeviceCodeParams.list(params, groupsName(number));
      if (roles.isEmpty() && groups.isEmpty()) {
        return rules;
      }
      rules.add(new Rule(roles, groups));
    }
  }

  private static String rolesName(int number) {
    return number == 1
        ? DeviceCodeParams.APPROVER_ROLES
        : DeviceCodeParams.APPROVER_ROLES + "_" + number;
  }

  private static String groupsName(int number) {
    return number == 1
        ? DeviceCodeParams.APPROVER_GROUPS
        : DeviceCodeParams.APPROVER_GROUPS + "_" + number;
  }
}
