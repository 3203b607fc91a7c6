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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
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
 * unused, queues moved counters, seals new entries into each realm's hash chain, signs due
 * checkpoints, delivers sealed entries in sequence order to the server's file and syslog sinks of
 * every realm, applies retention, and delivers to the realms' webhooks. Each step runs in its own
 * short transaction, so a slow sink holds no lock any request needs. A run starts no step once
 * {@link #BOUND}'s budget has passed (the next run goes on), so it ends in time for the
 * cluster-wide lock.
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
      deliverAndRetain(factory, run, justSealed);
    }
  }

  /**
   * Delivers to the server's sinks of every realm, applies retention, then delivers to the realms'
   * webhooks.
   */
  private void deliverAndRetain(
      KeycloakSessionFactory factory, RunBudget.Run run, JustSealed justSealed) {
    List<ChainHead> heads = inTransaction(factory, reading -> outbox(reading).heads());
    List<Delivery> toServerSinks = new ArrayList<>();
    List<Delivery> toWebhooks = new ArrayList<>();
    for (ChainHead head : heads) {
      serverSinks.forEach(sink -> toServerSinks.add(Delivery.toServerSink(head, sink)));
    }
    Map<String, ChainHead> headsByRealm =
        heads.stream().collect(Collectors.toMap(ChainHead::realmId, head -> head));
    for (Webhook webhook : inTransaction(factory, reading -> new WebhookStore(em(reading)).all())) {
      ChainHead head = headsByRealm.get(webhook.realmId());
      if (head != null) {
        toWebhooks.add(Delivery.toWebhook(head, webhook, webhooks));
      }
    }
    // The server's sinks are the operator's, on this machine or network: every realm's go first.
    // Realm admins' webhooks may answer slowly within their time limits, so they take what the
    // run has left, in an order shuffled each run, so that no realm's webhooks are always last.
    deliverAll(factory, run, justSealed, toServerSinks);
    Map<String, Set<String>> sinks = sinkIdsByRealm(toServerSinks, toWebhooks);
    if (run.mayStartStep()) {
      retention.run(factory, sinks);
    }
    Collections.shuffle(toWebhooks);
    deliverAll(factory, run, justSealed, toWebhooks);
  }

  private static Map<String, Set<String>> sinkIdsByRealm(
      List<Delivery> toServerSinks, List<Delivery> toWebhooks) {
    List<Delivery> all = new ArrayList<>(toServerSinks);
    all.addAll(toWebhooks);
    return all.stream()
        .collect(
            Collectors.groupingBy(
                delivery -> delivery.head().realmId(),
                Collectors.mapping(Delivery::sinkId, Collectors.toSet())));
  }

  /**
   * Delivers to {@code pending} in rounds, one batch per realm and sink each round, so a slow sink
   * of one realm does not hold back the others; first, each sink's dead letters an admin asked to
   * retry.
   */
  private void deliverAll(
      KeycloakSessionFactory factory,
      RunBudget.Run run,
      JustSealed justSealed,
      List<Delivery> pending) {
    for (Delivery delivery : pending) {
      step(
          run,
          () -> {
            KeycloakModelUtils.runJobInTransaction(
                factory, retrying -> retryDeadLetters(retrying, delivery));
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
                                  delivering -> deliver(delivering, delivery, justSealed))))
              .toList();
    }
  }

  /**
   * Delivers the dead letters of the realm's chain that an admin asked to retry to the sink, with
   * its cursor locked so the sink's normal delivery does not run at the same time, once the sink's
   * back-off allows another attempt.
   */
  private void retryDeadLetters(KeycloakSession session, Delivery delivery) {
    Optional<AuditSink> current = delivery.sinkIn(session);
    if (current.isEmpty()) {
      return;
    }
    AuditSink sink = current.get();
    ChainHead head = delivery.head();
    if (!new CursorStore(em(session)).lock(head.realmId(), sink.id()).due(clock.nowSeconds())) {
      return;
    }
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
  private boolean deliver(KeycloakSession session, Delivery delivery, JustSealed justSealed) {
    Optional<AuditSink> current = delivery.sinkIn(session);
    if (current.isEmpty()) {
      return false;
    }
    AuditSink sink = current.get();
    ChainHead head = delivery.head();
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
    Long refused = null;
    try {
      int accepted = deliverOrFail(sink, realm == null ? null : realm.getName(), batch);
      next = cursor.delivered(lastAccepted(cursor, batch, accepted), now);
      LeashMetrics.delivered(session, realmName, sink.type(), latencies(batch, accepted, now));
    } catch (DeliveryFailure failure) {
      LeashMetrics.delivered(
          session, realmName, sink.type(), latencies(batch, failure.delivered(), now));
      if (failure.permanent()) {
        refused = batch.get(failure.delivered()).seq();
        next = cursor.rejected(refused, failure.getMessage(), now);
        LOG.warnf(
            "Audit sink %s refused entry %d of realm %s for good (%s); it is dead-lettered",
            sink.id(), refused, head.realmId(), failure.getMessage());
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
    if (!delivery.stillThere(session)) {
      // An admin deleted the webhook while it was posted to: keep no progress or dead letter of
      // it, which would hold retention back and be taken up by a webhook of the same name.
      return false;
    }
    if (refused != null) {
      cursors.deadLetter(head.realmId(), sink.id(), refused, next.lastError(), now);
      LeashMetrics.deadLettered(session, realmName, sink.type());
    }
    cursors.save(next);
    depth.measured(realmName, sink.type(), sink.id(), waiting(head, next));
    return next.attempts() == 0 && next.nextSeq() <= head.lastSeq();
  }

  /**
   * The sink's answer, with anything it threw unexpectedly (an entry it cannot format, say) taken
   * as a failure to retry with back-off, shown in the delivery state, rather than a step that
   * fails, unseen, on every run.
   */
  private static int deliverOrFail(AuditSink sink, String realmName, List<ChainedEntry> batch)
      throws DeliveryFailure {
    try {
      return sink.deliver(realmName, batch);
    } catch (RuntimeException e) {
      LOG.debugf(e, "Audit sink %s failed unexpectedly", sink.id());
      throw new DeliveryFailure(
          0, false, "Leash could not deliver: " + e.getClass().getSimpleName(), e);
    }
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

  /**
   * One realm's chain, going to one sink. A webhook is read again in each step that delivers to it,
   * so one an admin deleted or changed since the run began is skipped or used as it is now. Before
   * the step writes its progress, the webhook's row is read again with a lock (the database's
   * current row, not the transaction's snapshot): one deleted while it was posted to gets no
   * progress or dead letter, and a deletion after that read waits for the step's commit, then
   * removes what it wrote. The POST itself holds no lock an admin's change would wait for.
   */
  private record Delivery(
      ChainHead head,
      String sinkId,
      Function<KeycloakSession, Optional<AuditSink>> lookup,
      Predicate<KeycloakSession> present) {

    static Delivery toServerSink(ChainHead head, AuditSink sink) {
      return new Delivery(head, sink.id(), session -> Optional.of(sink), session -> true);
    }

    static Delivery toWebhook(ChainHead head, Webhook webhook, WebhookSinks webhooks) {
      return new Delivery(
          head,
          webhook.sinkId(),
          session -> new WebhookStore(em(session)).byId(webhook.id()).map(webhooks::sinkFor),
          session -> new WebhookStore(em(session)).lockIfPresent(webhook.id()));
    }

    /** The sink as it is now, in {@code session}'s transaction; empty when it is gone. */
    Optional<AuditSink> sinkIn(KeycloakSession session) {
      return lookup.apply(session);
    }

    /** Whether the sink is still there; a webhook's row stays locked until the step commits. */
    boolean stillThere(KeycloakSession session) {
      return present.test(session);
    }
  }
}
