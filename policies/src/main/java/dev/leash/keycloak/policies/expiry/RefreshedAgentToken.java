package dev.leash.keycloak.policies.expiry;

import org.keycloak.OAuth2Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;

/**
 * Keeps an agent's refreshed access token marked as a device-grant token. Keycloak 26.7.3 encodes
 * the grant in each access token's id, and its admin and account APIs ask that grant whether to
 * take the token ({@code GrantTypeEndpointRestrictionValidator}): the device grant (Leash's) says
 * no unless the agent is allowed, but a refreshed token would name the refresh grant, which always
 * says yes. The agent's access still comes from the device grant the person approved.
 */
final class RefreshedAgentToken {

  private RefreshedAgentToken() {}

  static void markAsDeviceGrant(KeycloakSession session, AccessToken token) {
    TokenContextEncoderProvider encoder = session.getProvider(TokenContextEncoderProvider.class);
    if (token == null || token.getId() == null || encoder == null) {
      return;
    }
    AccessTokenContext context = encoder.getTokenContextFromTokenId(token.getId());
    token.id(
        encoder.encodeTokenId(
            new AccessTokenContext(
                context.getSessionType(),
                context.getTokenType(),
                OAuth2Constants.DEVICE_CODE_GRANT_TYPE,
                context.getRawTokenId())));
  }
}
