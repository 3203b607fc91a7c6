package dev.leash.keycloak.audit.webhook;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/** Realms' webhooks in the database, shared by every node of the cluster. */
public final class WebhookStore {

  private final EntityManager em;

  public WebhookStore(EntityManager em) {
    this.em = em;
  }

  public Optional<Webhook> find(String realmId) {
    return Optional.ofNullable(em.find(WebhookEntity.class, realmId)).map(WebhookStore::webhook);
  }

  public List<Webhook> all() {
    return em.createQuery("select w from WebhookEntity w", WebhookEntity.class)
        .getResultStream()
        .map(WebhookStore::webhook)
        .toList();
  }

  /**
   * Sets the realm's webhook; a {@code null} secret keeps the current one.
   *
   * @throws IllegalArgumentException when there is no current secret to keep
   */
  public void save(String realmId, String url, String secret, long now) {
    WebhookEntity entity = em.find(WebhookEntity.class, realmId);
    boolean isNew = entity == null;
    if (isNew) {
      if (secret == null) {
        throw new IllegalArgumentException("A new webhook needs a secret");
      }
      entity = new WebhookEntity();
      entity.realmId = realmId;
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

  /** Removes the realm's webhook; {@code false} when it had none. */
  public boolean delete(String realmId) {
    WebhookEntity entity = em.find(WebhookEntity.class, realmId);
    if (entity == null) {
      return false;
    }
    em.remove(entity);
    return true;
  }

  private static Webhook webhook(WebhookEntity entity) {
    return new Webhook(entity.realmId, entity.url, entity.secret, entity.updatedAt);
  }
}
