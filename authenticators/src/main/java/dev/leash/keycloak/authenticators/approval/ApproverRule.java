package dev.leash.keycloak.authenticators.approval;

import dev.leash.keycloak.core.DeviceCodeParams;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Who may approve a device code: the realm roles and groups {@code leash-scope-limit} stamped on it
 * at device authorization (either suffices; none stamped: anyone who can sign in).
 */
final class ApproverRule {

  private ApproverRule() {}

  static boolean allows(
      KeycloakSession session, RealmModel realm, UserModel user, Map<String, String> params) {
    List<String> roles = DeviceCodeParams.list(params, DeviceCodeParams.APPROVER_ROLES);
    List<String> groups = DeviceCodeParams.list(params, DeviceCodeParams.APPROVER_GROUPS);
    if (roles.isEmpty() && groups.isEmpty()) {
      return true;
    }
    boolean inRole =
        roles.stream().map(realm::getRole).filter(Objects::nonNull).anyMatch(user::hasRole);
    return inRole
        || groups.stream()
            .map(path -> KeycloakModelUtils.findGroupByPath(session, realm, path))
            .filter(Objects::nonNull)
            .anyMatch(user::isMemberOf);
  }
}
