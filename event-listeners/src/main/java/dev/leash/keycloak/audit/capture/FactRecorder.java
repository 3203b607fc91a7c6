package dev.leash.keycloak.audit.capture;

import dev.leash.keycloak.audit.record.ApprovalRecord;
import dev.leash.keycloak.audit.record.ApprovalRecord.Person;
import dev.leash.keycloak.audit.store.RecordKeeper;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.audit.AuditFact;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Applies the facts Leash components record to the approval records of the session's realm. */
public final class FactRecorder {

  private final KeycloakSession session;
  private final RecordKeeper keeper;
  private final LeashClock clock;
  private final GrantRecords grants;

  public FactRecorder(KeycloakSession session, RecordKeeper keeper, LeashClock clock) {
    this.session = session;
    this.keeper = keeper;
    this.clock = clock;
    this.grants = new GrantRecords(session, keeper, clock);
  }

  public void record(AuditFact fact) {
    String agent = agentOf(fact);
    if (fact.approvalId() == null || agent == null) {
      return; // A code from before Leash gave every request an approval id.
    }
    RealmModel realm = session.getContext().getRealm();
    if (fact instanceof AuditFact.DeviceRequestAccepted accepted) {
      String key = RecordKeys.grant(agent, accepted.approvalId());
      ApprovalRecord record =
          ApprovalRecord.ofGrant(
              RecordKeeper.newId(), realm.getName(), accepted.approvalId(), clock.nowSeconds());
      String agentName = AgentNames.of(realm.getClientByClientId(accepted.clientId()));
      keeper.create(realm.getId(), key, record, created -> created.requested(accepted, agentName));
    } else if (fact instanceof AuditFact.ApproverRefused refused) {
      Person who = new Person(refused.userId(), refused.username());
      // Recorded only on a record that exists: anyone who can sign in can be refused.
      keeper.update(
          realm.getId(),
          RecordKeys.grant(agent, refused.approvalId()),
          record -> record.approverRefused(who, refused.reason(), refused.at()));
    } else if (fact instanceof AuditFact.ApprovalDenied denied) {
      Person by = new Person(denied.userId(), denied.username());
      String ip = session.getContext().getConnection().getRemoteAddr();
      grants.apply(
          realm,
          agent,
          fact.approvalId(),
          null,
          record -> record.denied(by, denied.reason(), ip, denied.at()));
    } else if (fact instanceof AuditFact.TokensIssued tokens) {
      grants.apply(realm, agent, fact.approvalId(), null, record -> record.tokensIssued(tokens));
    }
  }

  /** The client id of the agent the fact is about: the client the request is for. */
  private String agentOf(AuditFact fact) {
    if (fact instanceof AuditFact.DeviceRequestAccepted accepted) {
      return accepted.clientId();
    }
    ClientModel client = session.getContext().getClient();
    return client == null ? null : client.getClientId();
  }
}
