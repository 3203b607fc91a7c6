package dev.leash.keycloak.audit.capture;

import dev.leash.keycloak.audit.record.ApprovalRecord;
import dev.leash.keycloak.audit.record.Change;
import dev.leash.keycloak.audit.store.RecordKeeper;
import dev.leash.keycloak.core.LeashClock;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * An approval, a denial on Leash's screen or tokens of a device grant, applied to the grant's
 * record. When the record is gone (deleted from the database since the request, or the request came
 * before the audit trail was switched on), a new record takes them: none goes unrecorded.
 */
final class GrantRecords {

  private static final Logger LOG = Logger.getLogger(GrantRecords.class);

  private final KeycloakSession session;
  private final RecordKeeper keeper;
  private final LeashClock clock;

  GrantRecords(KeycloakSession session, RecordKeeper keeper, LeashClock clock) {
    this.session = session;
    this.keeper = keeper;
    this.clock = clock;
  }

  /**
   * @param expiresAt the code's deadline if known, for a record started anew to end as expired
   */
  void apply(
      RealmModel realm,
      String clientId,
      String approvalId,
      Long expiresAt,
      Function<ApprovalRecord, Change> change) {
    String key = RecordKeys.grant(clientId, approvalId);
    // Asked without a lock first, as for refusal tallies: on MySQL and MariaDB, a locking read
    // that finds nothing locks the gap, and two requests inserting into it would deadlock.
    if (!keeper.exists(realm.getId(), key)) {
      startAnew(realm, key, clientId, approvalId, expiresAt);
    }
    if (!keeper.update(realm.getId(), key, change)) {
      LOG.warnf(
          "Grant %s of agent %s in realm %s has no audit record, and none could be started",
          approvalId, clientId, realm.getName());
    }
  }

  private void startAnew(
      RealmModel realm, String key, String clientId, String approvalId, Long expiresAt) {
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
            expiresAt,
            clock.nowSeconds());
    try {
      // Its own transaction: if another node started it first, only this insert fails, and the
      // change is applied to that record.
      KeycloakModelUtils.runJobInTransaction(
          session.getKeycloakSessionFactory(),
          creating ->
              new RecordKeeper(creating, clock)
                  .create(realm.getId(), key, record, started -> Change.NONE));
    } catch (RuntimeException concurrentlyStarted) {
      LOG.debugf("The record %s was started concurrently; recording on it", key);
    }
  }
}
