package dev.leash.keycloak.policies.grant;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.RefreshTokenGrantTypeFactory;

/**
 * Replaces Keycloak's refresh grant with {@link LeashRefreshTokenGrantType}: same grant type id and
 * shortcut (refreshed tokens' ids carry it), higher order so Keycloak picks this factory.
 */
public class LeashRefreshTokenGrantTypeFactory extends RefreshTokenGrantTypeFactory {

  @Override
  public OAuth2GrantType create(KeycloakSession session) {
    return new LeashRefreshTokenGrantType();
  }

  @Override
  public int order() {
    return 1;
  }
}
