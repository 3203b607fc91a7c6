package dev.leash.keycloak.policies.grant;

import dev.leash.keycloak.core.LeashClock;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantTypeFactory;

/**
 * Replaces Keycloak's device grant with {@link LeashDeviceGrantType}: same grant type id and
 * shortcut {@code dg} (token ids carry it, and Keycloak finds the grant again by it when a token is
 * used), higher order so Keycloak picks this factory over its own.
 */
public class LeashDeviceGrantTypeFactory extends DeviceGrantTypeFactory {

  @Override
  public OAuth2GrantType create(KeycloakSession session) {
    return new LeashDeviceGrantType(LeashClock.KEYCLOAK);
  }

  @Override
  public int order() {
    return 1;
  }
}
