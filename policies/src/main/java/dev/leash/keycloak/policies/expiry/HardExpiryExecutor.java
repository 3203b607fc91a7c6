package dev.leash.keycloak.policies.expiry;

import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.SessionNotes;
import dev.leash.keycloak.core.audit.DeviceRequestAudit;
import dev.leash.keycloak.policies.ReservedParameters;
import java.util.Map;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager.AccessTokenResponseBuilder;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceAuthorizationRequestContext;
import org.keycloak.protocol.oidc.grants.device.clientpolicy.context.DeviceTokenResponseContext;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.representations.RefreshToken;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.TokenRefreshResponseContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Makes the approved window a hard end. At device authorization it refuses {@code offline_access}
 * unless allowed and stamps the code's deadline and poll-abuse limit (enforced by Leash's device
 * grant before the code is consumed). When tokens are issued or refreshed it removes or caps the
 * refresh token and caps every token's expiry to the window's end, which it records on the client
 * session for later refreshes and in {@link WindowEnds} for {@link WindowEndSweeper}.
 */
public class HardExpiryExecutor implements ClientPolicyExecutorProvider<HardExpiryConfiguration> {

  private final KeycloakSession session;
  private final LeashClock clock;
  private HardExpiryPolicy policy = new HardExpiryConfiguration().toPolicy();

  HardExpiryExecutor(KeycloakSession session, LeashClock clock) {
    this.session = session;
    this.clock = clock;
  }

  @Override
  public String getProviderId() {
    return HardExpiryExecutorFactory.PROVIDER_ID;
  }

  @Override
  public Class<HardExpiryConfiguration> getExecutorConfigurationClass() {
    return HardExpiryConfiguration.class;
  }

  @Override
  public void setupConfiguration(HardExpiryConfiguration configuration) {
    policy = configuration.toPolicy();
  }

  @Override
  public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
    switch (context.getEvent()) {
      case DEVICE_AUTHORIZATION_REQUEST -> {
        DeviceAuthorizationRequestContext request = (DeviceAuthorizationRequestContext) context;
        onDeviceAuthorization(request);
        DeviceRequestAudit.onAccepted(session, request.getRequest(), clock);
      }
      case DEVICE_TOKEN_RESPONSE -> {
        DeviceTokenResponseContext response = (DeviceTokenResponseContext) context;
        onFirstTokens(response.getClientSession(), response.getAccessTokenResponseBuilder());
      }
      case TOKEN_REFRESH_RESPONSE -> {
        TokenRefreshResponseContext response = (TokenRefreshResponseContext) context;
        onRefresh(response.getClientSession(), response.getAccessTokenResponseBuilder());
      }
      default -> {
        // Other events are not about an agent's window.
      }
    }
  }

  private void onDeviceAuthorization(DeviceAuthorizationRequestContext context)
      throws ClientPolicyException {
    ReservedParameters.refuseClientSentAndMark(session, context);
    AuthorizationEndpointRequest request = context.getRequest();
    RealmModel realm = session.getContext().getRealm();
    // Set by Keycloak's client authentication; client_id is absent when a client uses Basic auth.
    ClientModel client = session.getContext().getClient();
    if (!policy.offlineAccessAllowed()) {
      if (asksForOfflineAccess(request.getScope())) {
        throw new ClientPolicyException(
            OAuthErrorException.INVALID_SCOPE,
            "offline_access is not allowed for this agent: its access ends with the approved"
                + " window");
      }
      // Keycloak grants a default scope unasked, and with it an offline token.
      if (client.getClientScopes(true).containsKey(OAuth2Constants.OFFLINE_ACCESS)) {
        throw new ClientPolicyException(
            OAuthErrorException.INVALID_SCOPE,
            "offline_access is a default scope of this agent but not allowed for it; an"
                + " administrator must make it optional or allow offline access");
      }
    }
    // Keycloak 26.7.3 accepts a polling interval of 0 and then answers every poll with HTTP 500
    // (its poll throttle stores an entry with no lifespan); no code is better than a broken one.
    if (realm.getOAuth2DeviceConfig().getPoolingInterval(client) < 1) {
      throw new ClientPolicyException(
          OAuthErrorException.INVALID_REQUEST,
          "The device polling interval set for this agent is below 1 second; an administrator"
              + " must set it to at least 1 second before it can use the device grant");
    }
    long configuredLifetime = realm.getOAuth2DeviceConfig().getLifespan(client);
    Map<String, String> stamped = request.getAdditionalReqParams();
    // Another hard-expiry profile may have stamped already: the stricter value wins.
    long now = clock.nowSeconds();
    long deadline =
        stampMinimum(
            stamped, DeviceCodeParams.DEADLINE, policy.deviceCodeDeadline(now, configuredLifetime));
    stampMinimum(stamped, DeviceCodeParams.POLL_ABUSE_LIMIT, policy.pollAbuseLimit());
    if (deadline < now + configuredLifetime) {
      TruthfulExpiresInFilter.correctTo(session, deadline);
    }
  }

  private void onFirstTokens(
      AuthenticatedClientSessionModel clientSession, AccessTokenResponseBuilder tokens)
      throws ClientPolicyException {
    long now = clock.nowSeconds();
    long approvedAt = clientSession.getStarted() > 0 ? clientSession.getStarted() : now;
    long windowEnd = policy.windowEnd(Math.min(approvedAt, now));
    String earlier = clientSession.getNote(SessionNotes.WINDOW_END);
    if (earlier != null) {
      windowEnd = Math.min(windowEnd, Long.parseLong(earlier));
    }
    if (!Long.toString(windowEnd).equals(earlier)) {
      clientSession.setNote(SessionNotes.WINDOW_END, Long.toString(windowEnd));
      if (policy.offlineAccessAllowed()) {
        noteOnOfflineCopy(clientSession, Long.toString(windowEnd));
      }
      WindowEnds.of(session).record(clientSession, windowEnd);
    }
    shape(tokens, now, windowEnd);
  }

  /**
   * Keycloak made the offline copy of the client session, with the notes it had then, before this
   * response: the window's end must reach the copy too, which offline refreshes read.
   */
  private void noteOnOfflineCopy(AuthenticatedClientSessionModel clientSession, String windowEnd) {
    UserSessionModel userSession = clientSession.getUserSession();
    if (userSession.isOffline()) {
      return;
    }
    UserSessionModel offline =
        session.sessions().getOfflineUserSession(clientSession.getRealm(), userSession.getId());
    AuthenticatedClientSessionModel offlineCopy =
        offline == null
            ? null
            : offline.getAuthenticatedClientSessionByClient(clientSession.getClient().getId());
    if (offlineCopy != null) {
      offlineCopy.setNote(SessionNotes.WINDOW_END, windowEnd);
    }
  }

  private void onRefresh(
      AuthenticatedClientSessionModel clientSession, AccessTokenResponseBuilder tokens)
      throws ClientPolicyException {
    String windowEnd =
        clientSession == null ? null : clientSession.getNote(SessionNotes.WINDOW_END);
    if (windowEnd != null) {
      shape(tokens, clock.nowSeconds(), Long.parseLong(windowEnd));
    }
  }

  private void shape(AccessTokenResponseBuilder tokens, long now, long windowEnd)
      throws ClientPolicyException {
    if (now >= windowEnd) {
      throw new ClientPolicyException(
          OAuthErrorException.INVALID_GRANT, "The approved window for this agent has ended");
    }
    RefreshToken refreshToken = tokens.getRefreshToken();
    if (!policy.refreshTokensAllowed()) {
      tokens.removeRefreshToken();
    } else if (refreshToken != null) {
      refreshToken.exp(HardExpiryPolicy.cappedExpiry(expiryOf(refreshToken), windowEnd));
    }
    long accessExpiry = policy.accessTokenExpiry(expiryOf(tokens.getAccessToken()), now, windowEnd);
    tokens.getAccessToken().exp(accessExpiry);
    IDToken idToken = tokens.getIdToken();
    if (idToken != null) {
      idToken.exp(
          Math.min(accessExpiry, HardExpiryPolicy.cappedExpiry(expiryOf(idToken), windowEnd)));
    }
  }

  private static long expiryOf(JsonWebToken token) {
    return token.getExp() == null ? 0 : token.getExp();
  }

  private static boolean asksForOfflineAccess(String scope) {
    return DeviceCodeParams.scopes(scope).contains(OAuth2Constants.OFFLINE_ACCESS);
  }

  /** Stamps {@code value}, or keeps the smaller value stamped already; returns what is stamped. */
  private static long stampMinimum(Map<String, String> params, String name, long value) {
    long stamped = Math.min(DeviceCodeParams.positiveLong(params, name, Long.MAX_VALUE), value);
    params.put(name, Long.toString(stamped));
    return stamped;
  }
}
