package dev.leash.keycloak.audit;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.checkpoint.Checkpointer;
import dev.leash.keycloak.audit.deadletter.DeadLetterRetries;
import dev.leash.keycloak.audit.delivery.Cursor;
import dev.leash.keycloak.audit.delivery.JustSealed;
import dev.leash.keycloak.audit.metrics.LeashMetrics;
import dev.leash.keycloak.audit.metrics.OutboxDepth;
import dev.leash.keycloak.audit.retention.Retention;
import dev.leash.keycloak.audit.sink.AuditSink;
import dev.leash.keycloak.audit.sink.DeliveryFailure;
import dev.leash.keycloak.audit.store.ChainHead;
import dev.leash.keycloak.audit.store.CursorStore;
import dev.leash.keycloak.audit.store.Outbox;
import dev.leash.keycloak.audit.store.RecordMaintenance;
import dev.leash.keycloak.audit.webhook.Webhook;
import dev.leash.keycloak.audit.webhook.WebhookSinks;
import dev.leash.keycloak.audit.webhook.WebhookStore;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.RunBudget;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakSessionTaskWithResult;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * The one cluster-wide drainer of the audit outbox, run by {@link
 * dev.leash.keycloak.core.ClusterWideRun} on Leash's own thread: it ends grants that expired
 * unused, queues moved counters, seals new entries into each realm's hash chain and delivers sealed
 * entries to every sink of the realm (the server's file and syslog sinks, the realm's webhooks) in
 * sequence order, then signs due checkpoints and applies retention. Each step runs in its own short
 * transaction, so a slow sink holds no lock any request needs. A run starts no step once {@link
 * #BOUND}'s budget has passed (the next run goes on), so it ends in time for the cluster-wide lock.
 */
final class AuditDrainer implements ScheduledTask {

  static final String TASK_NAME = "leash-audit-drainer";

  /** Entries per transaction, and the most batches per realm and sink in one run. */
  static final int BATCH = 500;

  static final int MAX_BATCHES_PER_RUN = 20;

  /**
   * The most freshly sealed entries a run holds for delivery ({@link JustSealed}): a few MB, and
   * more than a busy server queues between two runs at the default interval.
   */
  static final int JUST_SEALED_CAPACITY = BATCH * 10;

  /**
   * The longest one step can take. A transaction must end inside the server's 60 s transaction
   * timeout, or it is rolled back and its entries are sent again on the next run, over and over for
   * a slow receiver. Delivering to a sink and retrying its dead letters are therefore separate
   * steps: each starts no request after 10 s (the webhook and syslog sinks' budgets, and {@link
   * DeadLetterRetries}'), and the request under way then takes at most the sink's timeout to
   * connect and again to answer (at most 2 x 20 s): 50 s. Sealing, upkeep, checkpoints and
   * retention are database work only.
   */
  static final Duration LONGEST_STEP =
      Duration.ofSeconds(10 + 2L * AuditOptions.MAX_WEBHOOK_TIMEOUT_SECONDS);

  /**
   * A run starts no step after 30 s, so it ends within 30 s + {@link #LONGEST_STEP}; the
   * cluster-wide lock is held longer than that ({@link RunBudget#lockSeconds()}), so a slow run
   * never lets a second node start draining at the same time.
   */
  static final RunBudget BOUND = new RunBudget(Duration.ofSeconds(30), LONGEST_STEP);

  private static final Logger LOG = Logger.getLogger(AuditDrainer.class);

  private final List<AuditSink> serverSinks;
  private final WebhookSinks webhooks;
  private final OutboxDepth depth;
  private final Checkpointer checkpointer;
  private final Retention retention;
  private final LeashClock clock;

  AuditDrainer(
      List<AuditSink> serverSinks,
      WebhookSinks webhooks,
      OutboxDepth depth,
      Checkpointer checkpointer,
      Retention retention,
      LeashClock clock) {
    this.serverSinks = serverSinks;
    this.webhooks = webhooks;
    this.depth = depth;
    this.checkpointer = checkpointer;
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public String getTaskName() {
    return TASK_NAME;
  }

  @Override
  public void run(KeycloakSession session) {
    KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
    RunBudget.Run run = BOUND.start(System::nanoTime);
    // A step like the others: upkeep that fails (one record it cannot read) must not stop sealing
    // and delivery for every realm.
    step(
        run,
        () -> {
          KeycloakModelUtils.runJobInTransaction(
              factory,
              upkeep -> {
                RecordMaintenance maintenance = new RecordMaintenance(upkeep, clock);
                maintenance.expireUnused(BATCH);
                maintenance.queueCounted(BATCH);
              });
          return false;
        });
    JustSealed justSealed = new JustSealed(JUST_SEALED_CAPACITY);
    for (String realmId : inTransaction(factory, reading -> outbox(reading).realmsToSeal())) {
      repeat(
          run,
          () -> {
            List<ChainedEntry> sealed =
                inTransaction(
                    factory, sealing -> outbox(sealing).seal(realmId, clock.nowSeconds(), BATCH));
            justSealed.add(sealed); // committed: inTransaction threw otherwise
            return sealed.size() == BATCH;
          });
    }
    if (run.mayStartStep()) {
      checkpointer.run(factory);
    }
    if (run.mayStartStep()) {
      Map<String, Set<String>> sinks = deliverAll(factory, run, justSealed);
      if (run.mayStartStep()) {
        retention.run(factory, sinks);
      }
    }
  }

  /**
   * Delivers to every realm's sinks in rounds, one batch per realm and sink each round, so a slow
   * webhook of one realm does not hold back the others; first, each sink's dead letters an admin
   * asked to retry. Returns the ids of each realm's sinks.
   */
  private Map<String, Set<String>> deliverAll(
      KeycloakSessionFactory factory, RunBudget.Run run, JustSealed justSealed) {
    List<ChainHead> heads = inTransaction(factory, reading -> outbox(reading).heads());
    Map<String, List<Webhook>> realmWebhooks =
        inTransaction(factory, reading -> new WebhookStore(em(reading)).all()).stream()
            .collect(Collectors.groupingBy(Webhook::realmId));
    List<Delivery> pending = new ArrayList<>();
    for (ChainHead head : heads) {
      serverSinks.forEach(sink -> pending.add(new Delivery(head, sink)));
      realmWebhooks
          .getOrDefault(head.realmId(), List.of())
          .forEach(webhook -> pending.add(new Delivery(head, webhooks.sinkFor(webhook))));
    }
    for (Delivery delivery : pending) {
      step(
          run,
          () -> {
            KeycloakModelUtils.runJobInTransaction(
                factory, retrying -> retryDeadLetters(retrying, delivery.head(), delivery.sink()));
            return false; // one retry step per sink and run: letters left wait for the next run
          });
    }
    List<Delivery> more = pending;
    for (int round = 0; round < MAX_BATCHES_PER_RUN && !more.isEmpty(); round++) {
      more =
          more.stream()
              .filter(
                  delivery ->
                      step(
                          run,
                          () ->
                              inTransaction(
                                  factory,
                                  delivering ->
                                      deliver(
                                          delivering,
                                          delivery.head(),
                                          delivery.sink(),
                                          justSealed))))
              .toList();
    }
    return pending.stream()
        .collect(
            Collectors.groupingBy(
                delivery -> delivery.head().realmId(),
                Collectors.mapping(delivery -> delivery.sink().id(), Collectors.toSet())));
  }

  /**
   * Delivers the dead letters of the realm's chain that an admin asked to retry to {@code sink},
   * with its cursor locked so the sink's normal delivery does not run at the same time.
   */
  private void retryDeadLetters(KeycloakSession session, ChainHead head, AuditSink sink) {
    new CursorStore(em(session)).lock(head.realmId(), sink.id());
    RealmModel realm = session.realms().getRealm(head.realmId());
    DeadLetterRetries.deliverRequested(
        em(session),
        head.realmId(),
        realm == null ? null : realm.getName(),
        sink,
        clock.nowSeconds());
  }

  /**
   * Delivers the next batch of the realm's chain to {@code sink}, advancing its cursor; {@code
   * true} when more entries are waiting.
   */
  private boolean deliver(
      KeycloakSession session, ChainHead head, AuditSink sink, JustSealed justSealed) {
    long now = clock.nowSeconds();
    CursorStore cursors = new CursorStore(em(session));
    Cursor cursor = cursors.lock(head.realmId(), sink.id());
    RealmModel realm = session.realms().getRealm(head.realmId());
    String realmName = realm == null ? head.realmId() : realm.getName();
    if (!cursor.due(now) || cursor.nextSeq() > head.lastSeq()) {
      depth.measured(realmName, sink.type(), sink.id(), waiting(head, cursor));
      return false;
    }
    List<ChainedEntry> batch = justSealed.from(head.realmId(), cursor.nextSeq(), BATCH);
    if (batch.isEmpty()) {
      batch = outbox(session).sealedFrom(head.realmId(), cursor.nextSeq(), BATCH);
    }
    if (batch.isEmpty()) {
      return false;
    }
    Cursor next;
    try {
      int accepted = sink.deliver(realm == null ? null : realm.getName(), batch);
      next = cursor.delivered(lastAccepted(cursor, batch, accepted), now);
      LeashMetrics.delivered(session, realmName, sink.type(), latencies(batch, accepted, now));
    } catch (DeliveryFailure failure) {
      LeashMetrics.delivered(
          session, realmName, sink.type(), latencies(batch, failure.delivered(), now));
      if (failure.permanent()) {
        long refused = batch.get(failure.delivered()).seq();
        next = cursor.rejected(refused, failure.getMessage(), now);
        LOG.warnf(
            "Audit sink %s refused entry %d of realm %s for good (%s); it is dead-lettered",
            sink.id(), refused, head.realmId(), failure.getMessage());
        cursors.deadLetter(head.realmId(), sink.id(), refused, failure.getMessage(), now);
        LeashMetrics.deadLettered(session, realmName, sink.type());
      } else {
        next =
            cursor.failed(
                lastAccepted(cursor, batch, failure.delivered()), failure.getMessage(), now);
        if (next.attempts() == 1) {
          LOG.warnf(
              "Audit sink %s failed for realm %s at entry %d, retrying with back-off: %s",
              sink.id(), head.realmId(), next.nextSeq(), failure.getMessage());
        }
      }
    }
    cursors.save(next);
    depth.measured(realmName, sink.type(), sink.id(), waiting(head, next));
    return next.attempts() == 0 && next.nextSeq() <= head.lastSeq();
  }

  /** The sequence number of the last of the first {@code accepted} entries of {@code batch}. */
  private static long lastAccepted(Cursor cursor, List<ChainedEntry> batch, int accepted) {
    return accepted == 0 ? cursor.nextSeq() - 1 : batch.get(accepted - 1).seq();
  }

  /** Sealed entries the sink does not have yet. */
  private static long waiting(ChainHead head, Cursor cursor) {
    return Math.max(0, head.lastSeq() - cursor.nextSeq() + 1);
  }

  /** How long after sealing the first {@code delivered} entries of {@code batch} arrived. */
  private static List<Duration> latencies(List<ChainedEntry> batch, int delivered, long now) {
    return batch.subList(0, delivered).stream()
        .map(entry -> Duration.ofSeconds(Math.max(0, now - entry.sealedAt())))
        .toList();
  }

  /**
   * Runs {@code step} unless the run's budget has passed; {@code false} when it did not run or
   * failed, which it logs.
   */
  private static boolean step(RunBudget.Run run, BooleanSupplier step) {
    if (!run.mayStartStep()) {
      return false;
    }
    try {
      return step.getAsBoolean();
    } catch (RuntimeException e) {
      // One realm or sink in trouble must not hold back the others; the next run retries.
      LOG.errorf(e, "Leash audit drainer step failed");
      return false;
    }
  }

  /** Runs {@code step} while it says there is more, at most {@link #MAX_BATCHES_PER_RUN} times. */
  private static void repeat(RunBudget.Run run, BooleanSupplier step) {
    for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      if (!step(run, step)) {
        return;
      }
    }
  }

  private static <T> T inTransaction(
      KeycloakSessionFactory factory, KeycloakSessionTaskWithResult<T> task) {
    return KeycloakModelUtils.runJobInTransactionWithResult(factory, task);
  }

  private static Outbox outbox(KeycloakSession session) {
    return new Outbox(em(session));
  }

  private static EntityManager em(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }

  /** One realm's chain, going to one sink. */
  private record Delivery(ChainHead head, AuditSink sink) {}
}
