package dev.leash.keycloak.policies.grant;

import dev.leash.keycloak.core.SessionNotes;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * Whether Keycloak's own admin and account APIs take an agent's token. Keycloak 26.7.3 asks the
 * grant a token names ({@code GrantTypeEndpointRestrictionValidator}): the device grant for the
 * first tokens, the refresh grant for refreshed ones, which would otherwise take every token.
 */
final class AgentTokens {

  private AgentTokens() {}

  /**
   * Only for an agent whose client an admin opened to them ({@link
   * LeashDeviceGrantType#KEYCLOAK_APIS_ALLOWED}).
   */
  static boolean keycloakApisAllowed(KeycloakSession session, AccessToken token) {
    RealmModel realm = session.getContext().getRealm();
    ClientModel agent = realm == null ? null : realm.getClientByClientId(token.getIssuedFor());
    return agent != null
        && Boolean.parseBoolean(agent.getAttribute(LeashDeviceGrantType.KEYCLOAK_APIS_ALLOWED));
  }

  /** Whether the device grant issued the tokens of the session {@code token} belongs to. */
  static boolean ofDeviceGrant(KeycloakSession session, AccessToken token) {
    RealmModel realm = session.getContext().getRealm();
    ClientModel client = realm == null ? null : realm.getClientByClientId(token.getIssuedFor());
    if (client == null || token.getSessionId() == null) {
      return false;
    }
    UserSessionModel userSession = session.sessions().getUserSession(realm, token.getSessionId());
    if (userSession == null) {
      userSession = session.sessions().getOfflineUserSession(realm, token.getSessionId());
    }
    AuthenticatedClientSessionModel clientSession =
        userSession == null
            ? null
            : userSession.getAuthenticatedClientSessionByClient(client.getId());
    return clientSession != null
        && clientSession.getNote(SessionNotes.ISSUED_BY_DEVICE_GRANT) != null;
  }
}
