package dev.leash.keycloak.audit.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.webhook.Webhook;
import dev.leash.keycloak.audit.webhook.WebhookStore;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/leash/audit/webhooks}: the realm's audit webhooks (up to {@value
 * Webhook#MAX_PER_REALM}), each with its own secret and its own delivery progress; {@code
 * .../webhooks/{name}} is one of them.
 */
public final class WebhooksResource {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;

  WebhooksResource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
  }

  /** The realm's webhooks by name, as {@link WebhookResource#describe} describes each. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<ObjectNode> list() {
    auth.realm().requireViewEvents();
    boolean wholeUrls = auth.realm().canManageRealm();
    return new WebhookStore(session.getProvider(JpaConnectionProvider.class).getEntityManager())
        .ofRealm(realm.getId()).stream()
            .map(webhook -> WebhookResource.describe(webhook, wholeUrls))
            .toList();
  }

  /** One webhook; each of its methods checks the role it needs. */
  @Path("{name}")
  public WebhookResource webhook(@PathParam("name") String name) {
    if (Webhook.nameProblem(name).isPresent()) {
      throw new NotFoundException("No webhook " + name);
    }
    return new WebhookResource(session, realm, auth, adminEvent, name);
  }
}
