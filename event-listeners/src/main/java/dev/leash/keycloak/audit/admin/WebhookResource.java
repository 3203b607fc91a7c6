package dev.leash.keycloak.audit.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.LeashAuditListenerFactory;
import dev.leash.keycloak.audit.chain.EpochSeconds;
import dev.leash.keycloak.audit.sink.EntryFormat;
import dev.leash.keycloak.audit.store.CursorStore;
import dev.leash.keycloak.audit.webhook.Webhook;
import dev.leash.keycloak.audit.webhook.WebhookStore;
import dev.leash.keycloak.audit.webhook.WebhookUrlPolicy;
import dev.leash.keycloak.core.LeashClock;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * One of the realm's audit webhooks: {@code /admin/realms/{realm}/leash/audit/webhooks/{name}}, and
 * {@code .../leash/audit/webhook} for the one named {@code default}. Reading it needs {@code
 * view-events} and never answers the secret; changing it needs {@code manage-realm}, the role that
 * already decides where Keycloak connects for the realm (mail server, identity providers), and is
 * an admin event without the secret.
 */
public final class WebhookResource {

  static final String ADMIN_EVENT_RESOURCE = "LEASH_AUDIT_WEBHOOK";

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;
  private final String name;

  WebhookResource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent,
      String name) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
    this.name = name;
  }

  /** The webhook's URL and when it last changed; 404 when the realm has none of this name. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode get() {
    auth.realm().requireViewEvents();
    return describe(
        store()
            .find(realm.getId(), name)
            .orElseThrow(() -> new NotFoundException("No webhook " + name)),
        auth.realm().canManageRealm());
  }

  /**
   * What the admin API answers about a webhook: never its secret, and its whole URL only to admins
   * who may set it ({@code manage-realm}); others see its {@link Webhook#origin}.
   */
  static ObjectNode describe(Webhook webhook, boolean wholeUrl) {
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("name", webhook.name());
    answer.put("sink", webhook.sinkId());
    answer.put("url", wholeUrl ? webhook.url() : Webhook.origin(webhook.url()));
    answer.put("format", webhook.format().id());
    answer.put("updated_at", EpochSeconds.text(webhook.updatedAt()));
    return answer;
  }

  /**
   * Sets the webhook: {@code {"url": "https://...", "secret": "...", "format": "leash"}}; without
   * {@code secret} or {@code format} the current one is kept ({@code leash} for a new webhook).
   */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(JsonNode body) {
    auth.realm().requireManageRealm();
    if (body == null || !body.isObject()) {
      throw new BadRequestException("Expected a JSON object with url and secret");
    }
    String url = text(body, "url");
    String secret = text(body, "secret");
    String formatId = text(body, "format");
    EntryFormat format =
        formatId == null
            ? null
            : EntryFormat.fromId(formatId)
                .orElseThrow(() -> new BadRequestException("format must be leash or ocsf"));
    policy()
        .problem(url)
        .ifPresent(
            problem -> {
              throw new BadRequestException(problem);
            });
    if (secret != null) {
      Webhook.secretProblem(secret)
          .ifPresent(
              problem -> {
                throw new BadRequestException(problem);
              });
    }
    List<Webhook> existing = store().ofRealm(realm.getId());
    boolean isNew = existing.stream().noneMatch(webhook -> webhook.name().equals(name));
    if (isNew && secret == null) {
      throw new BadRequestException("A new webhook needs a secret");
    }
    if (isNew && existing.size() >= Webhook.MAX_PER_REALM) {
      throw new BadRequestException(
          "A realm has at most " + Webhook.MAX_PER_REALM + " webhooks; delete one first");
    }
    store().save(realm.getId(), name, url, secret, format, LeashClock.KEYCLOAK.nowSeconds());
    adminEvent
        .operation(isNew ? OperationType.CREATE : OperationType.UPDATE)
        .resource(ADMIN_EVENT_RESOURCE)
        .resourcePath(session.getContext().getUri())
        // Admin events are read with view-events, which sees no whole URL.
        .representation(
            Map.of("name", name, "url", Webhook.origin(url), "secret_changed", secret != null))
        .success();
    return Response.noContent().build();
  }

  /**
   * Removes the webhook, how far it had got and its dead letters: a webhook set up again later
   * receives the chain from entry 1.
   */
  @DELETE
  public Response delete() {
    auth.realm().requireManageRealm();
    if (store().delete(realm.getId(), name)) {
      new CursorStore(em()).forget(realm.getId(), Webhook.sinkId(name));
      adminEvent
          .operation(OperationType.DELETE)
          .resource(ADMIN_EVENT_RESOURCE)
          .resourcePath(session.getContext().getUri())
          .success();
    }
    return Response.noContent().build();
  }

  /** The server's webhook options, which live with the {@code leash-audit} listener. */
  private WebhookUrlPolicy policy() {
    return LeashAuditListenerFactory.of(session)
        .map(LeashAuditListenerFactory::webhookUrlPolicy)
        .orElseGet(() -> new WebhookUrlPolicy(false, false));
  }

  private static String text(JsonNode body, String name) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadRequestException(name + " must be a string");
    }
    return value.textValue();
  }

  private WebhookStore store() {
    return new WebhookStore(em());
  }

  private EntityManager em() {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
