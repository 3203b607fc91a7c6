package dev.leash.keycloak.audit.store;

import dev.leash.keycloak.audit.chain.RecordColumns;
import dev.leash.keycloak.audit.metrics.LeashMetrics;
import dev.leash.keycloak.audit.record.ApprovalRecord;
import dev.leash.keycloak.audit.record.Change;
import dev.leash.keycloak.audit.record.Outcome;
import dev.leash.keycloak.core.LeashClock;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Applies facts to approval records in the caller's transaction. The record's row is locked while
 * it changes, so concurrent facts about one grant (on any node) apply one after the other. Every
 * change writes a new version; a significant one also puts that version into the outbox, from which
 * the drainer seals and delivers it.
 */
public final class RecordKeeper {

  private final KeycloakSession session;
  private final LeashClock clock;

  /** Uses the session's entity manager, looked up on the first change only. */
  public RecordKeeper(KeycloakSession session, LeashClock clock) {
    this.session = session;
    this.clock = clock;
  }

  /** A new record id. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Stores {@code record} under {@code key} after applying its first fact, and queues it. The
   * caller makes sure the key is new (an approval id, or a key it failed to find).
   */
  public void create(
      String realmId, String key, ApprovalRecord record, Function<ApprovalRecord, Change> first) {
    first.apply(record);
    record.touch(clock.nowSeconds());
    AuditRecordEntity entity = new AuditRecordEntity();
    entity.id = record.id();
    entity.realmId = realmId;
    entity.key = key;
    entity.kind = record.kind();
    entity.createdAt = clock.nowSeconds();
    write(entity, record);
    // Queued before it is persisted: a change after persist() would cost a second statement.
    queue(entity);
    em().persist(entity);
  }

  /**
   * Whether a record is stored under {@code key}, read without a lock. Ask this before creating a
   * record in a transaction of its own: on MySQL and MariaDB (repeatable read), the locking read of
   * {@link #update} that finds nothing locks the gap where the row would go, and the creation would
   * wait for this transaction until the lock wait times out.
   */
  public boolean exists(String realmId, String key) {
    return !em().createQuery(
            "select r.id from AuditRecordEntity r where r.realmId = :realmId and r.key = :key",
            String.class)
        .setParameter("realmId", realmId)
        .setParameter("key", key)
        .setMaxResults(1)
        .getResultList()
        .isEmpty();
  }

  /**
   * Applies {@code change} to the record stored under {@code key}; {@code false} when there is
   * none.
   */
  public boolean update(String realmId, String key, Function<ApprovalRecord, Change> change) {
    Optional<AuditRecordEntity> entity =
        em().createQuery(
                "select r from AuditRecordEntity r where r.realmId = :realmId and r.key = :key",
                AuditRecordEntity.class)
            .setParameter("realmId", realmId)
            .setParameter("key", key)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultStream()
            .findFirst();
    entity.ifPresent(found -> apply(found, change));
    return entity.isPresent();
  }

  /** Applies {@code change} to the record {@code recordId}, if it still exists. */
  void updateById(String recordId, Function<ApprovalRecord, Change> change) {
    AuditRecordEntity entity =
        em().find(AuditRecordEntity.class, recordId, LockModeType.PESSIMISTIC_WRITE);
    if (entity != null) {
      apply(entity, change);
    }
  }

  /** Queues the record's current version if counters moved since the last queued one. */
  void queueCounted(String recordId) {
    AuditRecordEntity entity =
        em().find(AuditRecordEntity.class, recordId, LockModeType.PESSIMISTIC_WRITE);
    if (entity != null && entity.version > entity.queuedVersion) {
      queue(entity);
    }
  }

  private EntityManager em() {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }

  private void apply(AuditRecordEntity entity, Function<ApprovalRecord, Change> change) {
    ApprovalRecord record = ApprovalRecord.parse(entity.body);
    Outcome before = record.outcome();
    Change changed = change.apply(record);
    if (changed == Change.NONE) {
      return;
    }
    record.touch(clock.nowSeconds());
    write(entity, record);
    if (changed == Change.SIGNIFICANT) {
      queue(entity);
    } else if (entity.countedSince == null) {
      entity.countedSince = Time.currentTimeMillis();
    }
    if (record.outcome() != before) {
      RealmModel realm = session.realms().getRealm(entity.realmId);
      LeashMetrics.grantOutcome(
          session, realm == null ? entity.realmId : realm.getName(), record.outcome());
    }
  }

  private void write(AuditRecordEntity entity, ApprovalRecord record) {
    RecordColumns columns = record.columns();
    entity.clientId = columns.clientId();
    entity.approverId = columns.approverId();
    entity.approverUsername = columns.approverUsername();
    entity.outcome = columns.outcome();
    entity.openUntil = record.openUntil();
    entity.version = record.version();
    entity.updatedAt = clock.nowSeconds();
    entity.body = record.toJson();
  }

  /** Puts the record's current version into the outbox. */
  private void queue(AuditRecordEntity entity) {
    AuditEntryEntity entry = new AuditEntryEntity();
    entry.id = newId();
    entry.realmId = entity.realmId;
    entry.recordId = entity.id;
    entry.recordVersion = entity.version;
    // Never before the record's previous entry, whatever this node's clock says.
    entry.queuedAt = Math.max(Time.currentTimeMillis(), entity.queuedAt);
    entry.body = entity.body;
    em().persist(entry);
    entity.queuedVersion = entity.version;
    entity.queuedAt = entry.queuedAt;
    entity.countedSince = null;
  }
}
