package dev.leash.keycloak.core;

import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.protocol.oidc.grants.device.endpoints.DeviceEndpoint;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Reads the device code an authentication session is approving (if any): for authenticators during
 * the flow, and for the audit trail when Keycloak reports the flow's outcome.
 */
public final class DeviceApprovals {

  private DeviceApprovals() {}

  /**
   * The device code being approved, or empty outside a device approval, once it is gone, or when
   * its {@code leash_*} parameters are not Leash's ({@link StampMark}).
   */
  public static Optional<OAuth2DeviceCodeModel> codeBeingApproved(
      KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
    if (!DeviceGrantType.isOAuth2DeviceVerificationFlow(authSession)) {
      return Optional.empty();
    }
    String userCode = authSession.getClientNote(DeviceGrantType.OAUTH2_DEVICE_VERIFIED_USER_CODE);
    return userCode == null
        ? Optional.empty()
        : Optional.ofNullable(DeviceEndpoint.getDeviceByUserCode(session, realm, userCode))
            .filter(code -> StampMark.holds(code.getAdditionalParams()));
  }
}
