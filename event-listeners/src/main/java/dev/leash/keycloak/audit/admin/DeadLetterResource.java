package dev.leash.keycloak.audit.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.store.DeadLetterStore;
import dev.leash.keycloak.core.LeashClock;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/leash/audit/delivery/dead-letters}: asks the drainer to deliver dead
 * letters again, after the receiver was fixed. Needs the realm's {@code manage-events} role; each
 * request is an admin event. The drainer retries at its next run, in sequence order, before the
 * sink's new entries; the delivery state shows the letters that remain.
 */
public final class DeadLetterResource {

  static final String ADMIN_EVENT_RESOURCE = "LEASH_AUDIT_DEAD_LETTER";

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;
  private final EntityManager em;

  DeadLetterResource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent,
      EntityManager em) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
    this.em = em;
  }

  /** Retries one dead letter; 404 when the realm has none with that id. */
  @POST
  @Path("{id}/retry")
  @Produces(MediaType.APPLICATION_JSON)
  public Response retry(@PathParam("id") String id) {
    auth.realm().requireManageEvents();
    if (!new DeadLetterStore(em)
        .requestRetry(realm.getId(), id, LeashClock.KEYCLOAK.nowSeconds())) {
      throw new NotFoundException("No dead letter " + id);
    }
    event(Map.of("id", id));
    return accepted(JsonNodeFactory.instance.objectNode().put("id", id).put("requested", 1));
  }

  /** Retries every dead letter of {@code sink} ({@code file}, {@code webhook}). */
  @POST
  @Path("retry")
  @Produces(MediaType.APPLICATION_JSON)
  public Response retryAll(@QueryParam("sink") String sink) {
    auth.realm().requireManageEvents();
    if (sink == null || sink.isBlank()) {
      throw new BadRequestException("Name the sink: ?sink=webhook");
    }
    int requested =
        new DeadLetterStore(em)
            .requestRetryAll(realm.getId(), sink, LeashClock.KEYCLOAK.nowSeconds());
    event(Map.of("sink", sink, "requested", requested));
    return accepted(
        JsonNodeFactory.instance.objectNode().put("sink", sink).put("requested", requested));
  }

  private void event(Map<String, Object> representation) {
    adminEvent
        .operation(OperationType.ACTION)
        .resource(ADMIN_EVENT_RESOURCE)
        .resourcePath(session.getContext().getUri())
        .representation(representation)
        .success();
  }

  private static Response accepted(ObjectNode body) {
    return Response.accepted(body).type(MediaType.APPLICATION_JSON).build();
  }
}
