package dev.leash.keycloak.audit.checkpoint;

import dev.leash.keycloak.audit.logging.PacedWarnings;
import dev.leash.keycloak.audit.store.ChainHead;
import dev.leash.keycloak.audit.store.Outbox;
import dev.leash.keycloak.core.LeashClock;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The drainer's step that signs each realm's chain head as a checkpoint when {@link
 * CheckpointSchedule} says one is due. Each realm's checkpoint is its own transaction, holding the
 * chain-head row lock, so the signed hash is the head's and two drainers cannot sign the same entry
 * twice.
 */
public final class Checkpointer {

  private static final Logger LOG = Logger.getLogger(Checkpointer.class);

  /** How often a realm that cannot be signed for, for the same reason, is logged again. */
  private static final long WARNING_EVERY_SECONDS = 3600;

  /** A realm with no key to sign with stays due, and would be logged at every drainer run. */
  private final PacedWarnings warnings = new PacedWarnings(WARNING_EVERY_SECONDS);

  private final CheckpointSchedule schedule;
  private final LeashClock clock;

  public Checkpointer(CheckpointSchedule schedule, LeashClock clock) {
    this.schedule = schedule;
    this.clock = clock;
  }

  /**
   * Signs the checkpoints that are due; a realm that cannot be signed for is logged and skipped.
   */
  public void run(KeycloakSessionFactory factory) {
    List<ChainHead> heads =
        KeycloakModelUtils.runJobInTransactionWithResult(
            factory, session -> new Outbox(em(session)).heads());
    for (ChainHead head : heads) {
      try {
        KeycloakModelUtils.runJobInTransaction(
            factory,
            session -> {
              EntityManager em = em(session);
              CheckpointStore checkpoints = new CheckpointStore(em);
              long now = clock.nowSeconds();
              if (!schedule.due(head.lastSeq(), checkpoints.latest(head.realmId()), now)) {
                return;
              }
              Optional<ChainHead> locked = new Outbox(em).lockHead(head.realmId());
              RealmModel realm = session.realms().getRealm(head.realmId());
              if (locked.isEmpty() || realm == null) {
                return;
              }
              Optional<Checkpoint> latest = checkpoints.latest(head.realmId());
              if (!schedule.due(locked.get().lastSeq(), latest, now)) {
                return; // another drainer signed it meanwhile
              }
              checkpoints.save(
                  CheckpointSigner.sign(
                      session,
                      realm,
                      new CheckpointPayload(
                          head.realmId(), locked.get().lastSeq(), locked.get().lastHash(), now)));
            });
      } catch (RuntimeException e) {
        if (warnings.due(head.realmId(), String.valueOf(e.getMessage()), clock.nowSeconds())) {
          LOG.warnf(
              e,
              "Cannot sign an audit checkpoint for realm %s (logged again in an hour if it lasts)",
              head.realmId());
        }
      }
    }
  }

  private static EntityManager em(org.keycloak.models.KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
