package dev.leash.keycloak.policies.expiry;

import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.RunBudget;
import dev.leash.keycloak.core.SessionNotes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.UserSessionProvider;
import org.keycloak.timer.ScheduledTask;

/**
 * Ends agents' client sessions whose approved window ({@link SessionNotes#WINDOW_END}) has passed,
 * so nothing issued from them stays usable (introspection, userinfo and refresh all need the
 * session). Runs on one node of the cluster per interval. Only the agent's client session ends: the
 * user session is usually the approver's own browser sign-in and stays.
 *
 * <p>A run reads only windows that are due ({@link WindowEnds}, indexed by their end), so its cost
 * follows the windows that ended, not the number of sessions the server holds.
 */
final class WindowEndSweeper implements ScheduledTask {

  static final String TASK_NAME = "leash-hard-expiry-window-end";

  private static final Logger LOG = Logger.getLogger(WindowEndSweeper.class);

  /**
   * Most windows read per run; the rest wait for the next run. At the default interval (30 s) that
   * is up to 60,000 windows an hour.
   */
  static final int BATCH = 500;

  /**
   * A run closes no further window after 5 s, and closing one (two session lookups and an update)
   * takes far less than 5 s, so a run holds Keycloak's shared timer thread briefly and commits what
   * it closed well within its transaction's time ({@link RunBudget#lockSeconds()}). Without the
   * bound a batch slower than the transaction's time was rolled back on every run and the sweep
   * never got past it.
   */
  static final RunBudget BOUND = new RunBudget(Duration.ofSeconds(5), Duration.ofSeconds(5));

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
    RunBudget.Run run = BOUND.start(System::nanoTime);
    WindowEnds windows = WindowEnds.of(session);
    List<WindowEndEntity> due = windows.due(clock.nowSeconds(), BATCH);
    List<String> closed = new ArrayList<>();
    for (WindowEndEntity window : due) {
      if (!run.mayStartStep()) {
        break; // the rest are due on the next run, first in line
      }
      close(session, window);
      closed.add(window.id);
    }
    windows.removeAll(closed);
    if (!closed.isEmpty()) {
      LOG.debugf(
          "Closed %d of %d due windows in %d ms",
          closed.size(), due.size(), run.elapsed().toMillis());
    }
  }

  /** Ends the window's client session, online and offline, if it is still there. */
  private static void close(KeycloakSession session, WindowEndEntity window) {
    RealmModel realm = session.realms().getRealm(window.realmId);
    ClientModel client = realm == null ? null : realm.getClientById(window.clientId);
    if (client == null) {
      return; // realm or agent deleted: its sessions went with it
    }
    // Session lookups need the realm in the context, as in a request.
    session.getContext().setRealm(realm);
    UserSessionProvider sessions = session.sessions();
    end(sessions.getUserSession(realm, window.userSessionId), client);
    end(sessions.getOfflineUserSession(realm, window.userSessionId), client);
  }

  /**
   * Removes the agent from the user session, not only its client session: the user session then no
   * longer names the agent, so nothing that lists the session's clients (the admin console, the
   * account console) looks the client session up again. Keycloak 26.7.3 removes a client session
   * from the cache and from the database in parallel when the run commits, so a lookup in between
   * can miss the cache, still find the row and put the client session back into the cache. After a
   * plain {@code detachFromUserSession()}, {@code ClusterIT} under load saw the agent still listed
   * in the approver's session minutes after the sweep had ended its client session.
   */
  private static void end(UserSessionModel userSession, ClientModel client) {
    AuthenticatedClientSessionModel clientSession =
        userSession == null
            ? null
            : userSession.getAuthenticatedClientSessionByClient(client.getId());
    if (clientSession != null) {
      LOG.debugf(
          "Approved window of %s ended; ending its client session in user session %s",
          client.getClientId(), userSession.getId());
      userSession.removeAuthenticatedClientSessions(List.of(client.getId()));
    }
  }
}
