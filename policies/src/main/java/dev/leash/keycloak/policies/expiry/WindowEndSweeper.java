package dev.leash.keycloak.policies.expiry;

import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.SessionNotes;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceConfig;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionProvider;
import org.keycloak.timer.ScheduledTask;

/**
 * Ends agents' client sessions whose approved window ({@link SessionNotes#WINDOW_END}) has passed,
 * so nothing issued from them stays usable (introspection, userinfo and refresh all need the
 * session). Runs on one node of the cluster per interval. Only the agent's client session ends: the
 * user session is usually the approver's own browser sign-in and stays.
 */
final class WindowEndSweeper implements ScheduledTask {

  static final String TASK_NAME = "leash-hard-expiry-window-end";

  private static final Logger LOG = Logger.getLogger(WindowEndSweeper.class);

  private static final String DEVICE_GRANT =
      OAuth2DeviceConfig.OAUTH2_DEVICE_AUTHORIZATION_GRANT_ENABLED;

  /** Most sessions per client and run; the rest wait for the next run, so a run stays short. */
  private static final int BATCH = 10_000;

  private final LeashClock clock;

  WindowEndSweeper(LeashClock clock) {
    this.clock = clock;
  }

  @Override
  public String getTaskName() {
    return TASK_NAME;
  }

  @Override
  public void run(KeycloakSession session) {
    long now = clock.nowSeconds();
    session
        .realms()
        .getRealmsStream()
        .toList()
        .forEach(
            realm -> {
              // Session lookups need the realm in the context, as in a request.
              session.getContext().setRealm(realm);
              // Keycloak does not allow searching clients by this attribute; its client cache
              // serves the scan.
              realm
                  .getClientsStream()
                  .filter(client -> Boolean.parseBoolean(client.getAttribute(DEVICE_GRANT)))
                  .toList()
                  .forEach(client -> sweep(session, realm, client, now));
            });
  }

  private void sweep(KeycloakSession session, RealmModel realm, ClientModel client, long now) {
    UserSessionProvider sessions = session.sessions();
    List<String> online =
        passed(sessions.readOnlyStreamUserSessions(realm, client, 0, BATCH), client, now);
    List<String> offline =
        passed(sessions.readOnlyStreamOfflineUserSessions(realm, client, 0, BATCH), client, now);
    online.forEach(id -> end(sessions.getUserSession(realm, id), client));
    offline.forEach(id -> end(sessions.getOfflineUserSession(realm, id), client));
  }

  /** Ids of the user sessions whose client session of {@code client} has passed its window. */
  private static List<String> passed(
      Stream<UserSessionModel> userSessions, ClientModel client, long now) {
    return userSessions
        .filter(
            userSession -> {
              AuthenticatedClientSessionModel clientSession =
                  userSession.getAuthenticatedClientSessionByClient(client.getId());
              return clientSession != null && windowPassed(clientSession, now);
            })
        .map(UserSessionModel::getId)
        .toList();
  }

  private static void end(UserSessionModel userSession, ClientModel client) {
    AuthenticatedClientSessionModel clientSession =
        userSession == null
            ? null
            : userSession.getAuthenticatedClientSessionByClient(client.getId());
    if (clientSession != null) {
      LOG.debugf(
          "Approved window of %s ended; ending its client session in user session %s",
          client.getClientId(), userSession.getId());
      clientSession.detachFromUserSession();
    }
  }

  private static boolean windowPassed(AuthenticatedClientSessionModel clientSession, long now) {
    String windowEnd = clientSession.getNote(SessionNotes.WINDOW_END);
    return windowEnd != null && Long.parseLong(windowEnd) <= now;
  }
}
