package dev.leash.keycloak.audit.deadletter;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.sink.AuditSink;
import dev.leash.keycloak.audit.sink.DeliveryFailure;
import dev.leash.keycloak.audit.store.DeadLetter;
import dev.leash.keycloak.audit.store.DeadLetterStore;
import dev.leash.keycloak.audit.store.Outbox;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Delivers the dead letters an admin asked to retry ({@code manage-events}), in sequence order, to
 * the sink that refused them. The drainer calls it in a transaction step of its own (apart from the
 * sink's batch delivery, so the two together cannot outlast the transaction timeout), with the
 * sink's cursor locked, so retries and the sink's normal delivery never run at once. A letter the
 * sink takes is gone; one it refuses again stays dead with the new error; when the sink is
 * unreachable, the rest wait for the next run.
 */
public final class DeadLetterRetries {

  static final int MAX_PER_STEP = 20;

  /**
   * No retry starts after this much of a step, so the step's transaction (this much, and the retry
   * under way) ends inside the server's transaction timeout.
   */
  static final Duration BUDGET = Duration.ofSeconds(10);

  private static final Logger LOG = Logger.getLogger(DeadLetterRetries.class);

  private DeadLetterRetries() {}

  public static void deliverRequested(
      EntityManager em, String realmId, String realmName, AuditSink sink, long now) {
    DeadLetterStore letters = new DeadLetterStore(em);
    List<DeadLetter> requested = letters.retryRequested(realmId, sink.id(), MAX_PER_STEP);
    long started = System.nanoTime();
    for (DeadLetter letter : requested) {
      if (System.nanoTime() - started > BUDGET.toNanos()) {
        return;
      }
      List<ChainedEntry> entry;
      try {
        entry =
            new Outbox(em)
                .sealedFrom(realmId, letter.seq(), 1).stream()
                    .filter(found -> found.seq() == letter.seq())
                    .toList();
      } catch (RuntimeException unreadable) {
        // A row changed in the database must not hold back the sink's other deliveries.
        letters.refusedAgain(letter.id(), "The entry cannot be read: verify the chain", now);
        continue;
      }
      if (entry.isEmpty()) {
        letters.refusedAgain(letter.id(), "The entry is no longer stored", now);
        continue;
      }
      try {
        sink.deliver(realmName, entry);
        letters.delivered(letter.id());
        LOG.infof(
            "Audit sink %s took dead-lettered entry %d of realm %s on retry",
            sink.id(), letter.seq(), realmId);
      } catch (DeliveryFailure failure) {
        if (!failure.permanent()) {
          return; // the sink is unavailable: this letter and later ones wait for the next run
        }
        letters.refusedAgain(letter.id(), failure.getMessage(), now);
        LOG.warnf(
            "Audit sink %s refused dead-lettered entry %d of realm %s again (%s)",
            sink.id(), letter.seq(), realmId, failure.getMessage());
      }
    }
  }
}
