package dev.leash.keycloak.authenticators.approval;

import dev.leash.keycloak.core.ApproverRules;
import java.util.Map;
import java.util.Objects;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Who may approve a device code: the {@link ApproverRules} {@code leash-scope-limit} stamped on it
 * at device authorization. The approver must pass every rule, holding one of its roles or groups;
 * none stamped: anyone who can sign in.
 */
final class ApproverRule {

  private ApproverRule() {}

  static boolean allows(
      KeycloakSession session, RealmModel realm, UserModel user, Map<String, String> params) {
    return ApproverRules.of(params).stream().allMatch(rule -> passes(session, realm, user, rule));
  }

  private static boolean passes(
      KeycloakSession session, RealmModel realm, UserModel user, ApproverRules.Rule rule) {
    boolean inRole =
        rule.roles().stream().map(realm::getRole).filter(Objects::nonNull).anyMatch(user::hasRole);
    return inRole
        || rule.groups().stream()
            .map(path -> KeycloakModelUtils.findGroupByPath(session, realm, path))
            .filter(Objects::nonNull)
            .anyMatch(user::isMemberOf);
  }
}
