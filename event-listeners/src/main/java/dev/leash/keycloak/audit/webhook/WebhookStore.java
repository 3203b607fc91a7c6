package dev.leash.keycloak.audit.webhook;

import dev.leash.keycloak.audit.sink.EntryFormat;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Realms' webhooks in the database, shared by every node of the cluster. */
public final class WebhookStore {

  private final EntityManager em;

  public WebhookStore(EntityManager em) {
    this.em = em;
  }

  public Optional<Webhook> find(String realmId, String name) {
    return entity(realmId, name).map(WebhookStore::webhook);
  }

  /** The realm's webhooks by name. */
  public List<Webhook> ofRealm(String realmId) {
    return em.createQuery(
            "select w from WebhookEntity w where w.realmId = :realmId order by w.name",
            WebhookEntity.class)
        .setParameter("realmId", realmId)
        .getResultStream()
        .map(WebhookStore::webhook)
        .toList();
  }

  public List<Webhook> all() {
    return em.createQuery("select w from WebhookEntity w order by w.name", WebhookEntity.class)
        .getResultStream()
        .map(WebhookStore::webhook)
        .toList();
  }

  /**
   * Sets the realm's webhook {@code name}; a {@code null} secret or format keeps the current one (a
   * new webhook's format is {@link EntryFormat#LEASH}).
   *
   * @throws IllegalArgumentException when there is no current secret to keep
   */
  public void save(
      String realmId, String name, String url, String secret, EntryFormat format, long now) {
    WebhookEntity entity = entity(realmId, name).orElse(null);
    boolean isNew = entity == null;
    if (isNew) {
      if (secret == null) {
        throw new IllegalArgumentException("A new webhook needs a secret");
      }
      entity = new WebhookEntity();
      entity.id = UUID.randomUUID().toString();
      entity.realmId = realmId;
      entity.name = name;
      entity.format = EntryFormat.LEASH.id();
    }
    if (format != null) {
      entity.format = format.id();
    }
    entity.url = url;
    if (secret != null) {
      entity.secret = secret;
    }
    entity.updatedAt = now;
    if (isNew) {
      em.persist(entity);
    }
  }

  /**
   * The webhook with row id {@code id} as it is now: a webhook set up again under the same name has
   * another id.
   */
  public Optional<Webhook> byId(String id) {
    return em.createQuery("select w from WebhookEntity w where w.id = :id", WebhookEntity.class)
        .setParameter("id", id)
        .getResultStream()
        .findFirst()
        .map(WebhookStore::webhook);
  }

  /**
   * Whether the webhook with row id {@code id} is still there, as the database has it now: a
   * locking read, which MariaDB's repeatable read answers from the current row, not the
   * transaction's snapshot. The row stays locked until the transaction ends, so its deletion waits.
   */
  public boolean lockIfPresent(String id) {
    return !em.createQuery("select w from WebhookEntity w where w.id = :id", WebhookEntity.class)
        .setParameter("id", id)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultList()
        .isEmpty();
  }

  /** Removes the realm's webhook {@code name}; {@code false} when it had none of that name. */
  public boolean delete(String realmId, String name) {
    Optional<WebhookEntity> entity = entity(realmId, name);
    entity.ifPresent(em::remove);
    return entity.isPresent();
  }

  private Optional<WebhookEntity> entity(String realmId, String name) {
    return em.createQuery(
            "select w from WebhookEntity w where w.realmId = :realmId and w.name = :name",
            WebhookEntity.class)
        .setParameter("realmId", realmId)
        .setParameter("name", name)
        .getResultStream()
        .findFirst();
  }

  private static Webhook webhook(WebhookEntity entity) {
    return new Webhook(
        entity.id,
        entity.realmId,
        entity.name,
        entity.url,
        entity.secret,
        EntryFormat.fromId(entity.format).orElse(EntryFormat.LEASH),
        entity.updatedAt);
  }
}
