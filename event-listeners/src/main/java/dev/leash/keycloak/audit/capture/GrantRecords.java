package dev.leash.keycloak.audit.capture;

import dev.leash.keycloak.audit.record.ApprovalRecord;
import dev.leash.keycloak.audit.record.Change;
import dev.leash.keycloak.audit.store.RecordKeeper;
import dev.leash.keycloak.core.LeashClock;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * What happens to a device grant after its request, applied to the grant's record. When the record
 * is gone (deleted from the database since the request, or the request came before the audit trail
 * was switched on), a new record takes the change: no approval, denial or token goes unrecorded.
 */
final class GrantRecords {

  private static final Logger LOG = Logger.getLogger(GrantRecords.class);

  private final RecordKeeper keeper;
  private final LeashClock clock;

  GrantRecords(RecordKeeper keeper, LeashClock clock) {
    this.keeper = keeper;
    this.clock = clock;
  }

  void apply(
      RealmModel realm,
      String clientId,
      String approvalId,
      Function<ApprovalRecord, Change> change) {
    String key = RecordKeys.grant(clientId, approvalId);
    if (keeper.update(realm.getId(), key, change)) {
      return;
    }
    LOG.warnf(
        "Grant %s of agent %s in realm %s has no audit record; a new one records what happens to"
            + " it from now on",
        approvalId, clientId, realm.getName());
    ApprovalRecord record =
        ApprovalRecord.ofUnrecordedGrant(
            RecordKeeper.newId(),
            realm.getName(),
            approvalId,
            clientId,
            AgentNames.of(realm.getClientByClientId(clientId)),
            clock.nowSeconds());
    keeper.create(realm.getId(), key, record, change);
  }
}
