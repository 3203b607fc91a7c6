package dev.leash.keycloak.audit.capture;

import dev.leash.keycloak.audit.metrics.LeashMetrics;
import dev.leash.keycloak.audit.record.ApprovalRecord;
import dev.leash.keycloak.audit.record.ApprovalRecord.Approval;
import dev.leash.keycloak.audit.record.ApprovalRecord.Person;
import dev.leash.keycloak.audit.record.Change;
import dev.leash.keycloak.audit.store.RecordKeeper;
import dev.leash.keycloak.core.DeviceApprovals;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.ReportBudget;
import dev.leash.keycloak.core.SessionNotes;
import dev.leash.keycloak.core.audit.AuditEventDetails;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

/**
 * Turns Keycloak's own events about device grants into record changes: what Keycloak decides itself
 * (the approval on its consent screen, a denial there) and the refusals that roll their request
 * back, which Keycloak reports in a transaction of their own: refused device requests (tallied per
 * agent, error and hour) and rejected polls (counted on the grant's record; Leash's device grant
 * reports them within a budget of its own).
 */
public final class KeycloakEventRecorder {

  private static final Logger LOG = Logger.getLogger(KeycloakEventRecorder.class);

  /**
   * Refused device requests written to their tally per agent, error and hour: each of the first 20,
   * then one a minute. The hour is the tally's own, so the exact budget renews with it.
   */
  static final ReportBudget REFUSAL_REPORTS =
      new ReportBudget(20, RecordKeys.REFUSAL_WINDOW_SECONDS, 60);

  /** Keycloak's detail with the description of a client-policy refusal. */
  private static final String CLIENT_POLICY_ERROR_DETAIL = "client_policy_error_detail";

  private final KeycloakSession session;
  private final RecordKeeper keeper;
  private final LeashClock clock;
  private final GrantRecords grants;

  public KeycloakEventRecorder(KeycloakSession session, RecordKeeper keeper, LeashClock clock) {
    this.session = session;
    this.keeper = keeper;
    this.clock = clock;
    this.grants = new GrantRecords(session, keeper, clock);
  }

  public void onEvent(Event event) {
    RealmModel realm = session.realms().getRealm(event.getRealmId());
    if (realm == null || event.getType() == null) {
      return;
    }
    switch (event.getType()) {
      case OAUTH2_DEVICE_AUTH_ERROR -> refusedRequest(realm, event);
      case OAUTH2_DEVICE_CODE_TO_TOKEN_ERROR -> rejectedPoll(realm, event);
      case LOGIN -> {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        codeOf(realm, authSession)
            .filter(code -> code.getAdditionalParams().get(DeviceCodeParams.APPROVAL_ID) != null)
            .ifPresent(code -> approved(realm, authSession, code, event));
      }
      case LOGIN_ERROR -> {
        if (Errors.REJECTED_BY_USER.equals(event.getError())) {
          for (AuthenticationSessionModel authSession : deviceFlowsOf(realm, event)) {
            deniedApprovalOf(realm, authSession)
                .ifPresent(id -> deniedOnConsent(realm, authSession, id, event));
          }
        }
      }
      default -> {
        // Other events say nothing about a device grant that Leash does not record itself.
      }
    }
  }

  private void rejectedPoll(RealmModel realm, Event event) {
    String approvalId = detail(event, AuditEventDetails.APPROVAL_ID);
    if (approvalId != null && event.getClientId() != null) {
      long now = clock.nowSeconds();
      boolean recorded =
          keeper.update(
              realm.getId(),
              RecordKeys.grant(event.getClientId(), approvalId),
              record -> record.pollRejected(event.getError(), now, sampled(event)));
      if (recorded) {
        LeashMetrics.pollRejected(session, realm.getName(), event.getError());
      }
    }
  }

  /**
   * Tallies a refused device request of a registered agent, within the {@link #REFUSAL_REPORTS}
   * budget: a flood of refused requests must not queue behind the tally's row lock. Unknown client
   * ids are the requester's own words and are left to Keycloak's event log, so they cannot create
   * records.
   */
  private void refusedRequest(RealmModel realm, Event event) {
    ClientModel client =
        event.getClientId() == null ? null : realm.getClientByClientId(event.getClientId());
    if (client == null || event.getError() == null) {
      return;
    }
    long now = clock.nowSeconds();
    long windowStart = RecordKeys.windowStart(now);
    String key = RecordKeys.refusals(client.getId(), event.getError(), windowStart);
    ReportBudget.Report report = REFUSAL_REPORTS.take(session.singleUseObjects(), key, now);
    if (report == ReportBudget.Report.NONE) {
      return;
    }
    boolean sampled = report == ReportBudget.Report.SAMPLE;
    String description =
        Optional.ofNullable(detail(event, CLIENT_POLICY_ERROR_DETAIL))
            .orElse(detail(event, Details.REASON));
    Function<ApprovalRecord, Change> refusal =
        record -> record.refused(description, event.getIpAddress(), now, sampled);
    if (keeper.exists(realm.getId(), key)) {
      keeper.update(realm.getId(), key, refusal);
      return;
    }
    ApprovalRecord tally =
        ApprovalRecord.ofRefusals(
            RecordKeeper.newId(),
            realm.getName(),
            client.getClientId(),
            AgentNames.of(client),
            event.getError(),
            windowStart,
            windowStart + RecordKeys.REFUSAL_WINDOW_SECONDS,
            now);
    try {
      // Its own transaction: if a concurrent refusal created the tally first, only this insert
      // fails, and the refusal is counted on that tally below.
      KeycloakModelUtils.runJobInTransaction(
          session.getKeycloakSessionFactory(),
          creating -> new RecordKeeper(creating, clock).create(realm.getId(), key, tally, refusal));
    } catch (RuntimeException concurrentlyCreated) {
      LOG.debugf("Refusal tally %s was created concurrently; counting on it", key);
      keeper.update(realm.getId(), key, refusal);
    }
  }

  private void approved(
      RealmModel realm,
      AuthenticationSessionModel authSession,
      OAuth2DeviceCodeModel code,
      Event event) {
    Approval approval =
        new Approval(
            person(authSession.getAuthenticatedUser(), event),
            clock.nowSeconds(),
            event.getIpAddress(),
            authSession.getClientNote(SessionNotes.JUSTIFICATION),
            authSession.getClientNote(SessionNotes.STEP_UP_FACTOR),
            authSession.getClientNote(SessionNotes.FIRST_APPROVER));
    long deadline =
        DeviceCodeParams.positiveLong(
            code.getAdditionalParams(), DeviceCodeParams.DEADLINE, code.getExpiration());
    grants.apply(
        realm,
        authSession.getClient().getClientId(),
        code.getAdditionalParams().get(DeviceCodeParams.APPROVAL_ID),
        Math.min(deadline, code.getExpiration()),
        record -> record.approved(approval));
  }

  private void deniedOnConsent(
      RealmModel realm, AuthenticationSessionModel authSession, String approvalId, Event event) {
    Person by = person(authSession.getAuthenticatedUser(), event);
    long now = clock.nowSeconds();
    // Recorded only on a record that exists: which of a browser's tabs the event is about is only
    // known as "a denied code", and a tab denied earlier would be recorded anew.
    keeper.update(
        realm.getId(),
        RecordKeys.grant(authSession.getClient().getClientId(), approvalId),
        record -> record.denied(by, Errors.REJECTED_BY_USER, event.getIpAddress(), now));
  }

  /** The device code {@code authSession} is approving, if any. */
  private Optional<OAuth2DeviceCodeModel> codeOf(
      RealmModel realm, AuthenticationSessionModel authSession) {
    return authSession == null
        ? Optional.empty()
        : DeviceApprovals.codeBeingApproved(session, realm, authSession);
  }

  /**
   * The approval id of the device code {@code authSession} is approving, if that code is denied.
   * Keycloak 26.7.3 denies the code in the store, at once, before it sends the event.
   */
  private Optional<String> deniedApprovalOf(
      RealmModel realm, AuthenticationSessionModel authSession) {
    return DeviceApprovals.codeBeingApproved(session, realm, authSession)
        .filter(OAuth2DeviceCodeModel::isDenied)
        .map(code -> code.getAdditionalParams().get(DeviceCodeParams.APPROVAL_ID));
  }

  /**
   * The device approvals an error event of the login flow may be about. Keycloak hands error events
   * a session of their own whose context has the realm and client but not the authentication
   * session, so they are found from the event: its {@code code_id} is the root authentication
   * session, and of that browser's sessions those of the event's client and user approving a
   * device. One browser may approve several codes of one agent in as many tabs.
   */
  private List<AuthenticationSessionModel> deviceFlowsOf(RealmModel realm, Event event) {
    String rootId = detail(event, Details.CODE_ID);
    ClientModel client =
        event.getClientId() == null ? null : realm.getClientByClientId(event.getClientId());
    RootAuthenticationSessionModel root =
        rootId == null || client == null
            ? null
            : session.authenticationSessions().getRootAuthenticationSession(realm, rootId);
    if (root == null) {
      return List.of();
    }
    return root.getAuthenticationSessions().values().stream()
        .filter(candidate -> candidate.getClient().getId().equals(client.getId()))
        .filter(DeviceGrantType::isOAuth2DeviceVerificationFlow)
        .filter(
            candidate ->
                candidate.getAuthenticatedUser() != null
                    && candidate.getAuthenticatedUser().getId().equals(event.getUserId()))
        .toList();
  }

  private static Person person(UserModel user, Event event) {
    return user == null
        ? new Person(event.getUserId(), detail(event, Details.USERNAME))
        : new Person(user.getId(), user.getUsername());
  }

  /** Whether Leash reported the event as a sample of many (see {@link ReportBudget}). */
  private static boolean sampled(Event event) {
    return AuditEventDetails.SAMPLED.equals(detail(event, AuditEventDetails.REPORT));
  }

  private static String detail(Event event, String name) {
    Map<String, String> details = event.getDetails();
    return details == null ? null : details.get(name);
  }
}
