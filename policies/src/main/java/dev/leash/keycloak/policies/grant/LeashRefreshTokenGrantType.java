package dev.leash.keycloak.policies.grant;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.RefreshTokenGrantType;
import org.keycloak.representations.AccessToken;

/**
 * Keycloak's refresh grant, but a token refreshed in an agent's device-grant session is taken by
 * Keycloak's own admin and account APIs only as the agent's first tokens are ({@link AgentTokens}).
 * Everything else is Keycloak's own {@link RefreshTokenGrantType}.
 */
public class LeashRefreshTokenGrantType extends RefreshTokenGrantType {

  @Override
  public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
    return !AgentTokens.ofDeviceGrant(session, token)
        || AgentTokens.keycloakApisAllowed(session, token);
  }
}
