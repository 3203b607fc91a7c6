package dev.leash.keycloak.audit.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.EpochSeconds;
import dev.leash.keycloak.audit.checkpoint.CheckpointStore;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/leash/audit/checkpoints}: the realm's signed checkpoints, for an
 * auditor to keep and check offline against the realm's published keys. Needs {@code view-events}.
 */
public final class CheckpointResource {

  static final int DEFAULT_MAX = 100;
  static final int MAX_MAX = 1000;

  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final EntityManager em;

  CheckpointResource(RealmModel realm, AdminPermissionEvaluator auth, EntityManager em) {
    this.realm = realm;
    this.auth = auth;
    this.em = em;
  }

  /** Checkpoints from sequence number {@code from} on, in order. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<ObjectNode> list(
      @QueryParam("from") @DefaultValue("1") long from,
      @QueryParam("max") @DefaultValue("" + DEFAULT_MAX) int max) {
    auth.realm().requireViewEvents();
    if (from < 1 || max < 1 || max > MAX_MAX) {
      throw new BadRequestException("from must be 1 or more, max from 1 to " + MAX_MAX);
    }
    return new CheckpointStore(em)
        .inRange(realm.getId(), from, Long.MAX_VALUE, max).stream()
            .map(
                checkpoint -> {
                  ObjectNode json = JsonNodeFactory.instance.objectNode();
                  json.put("seq", checkpoint.seq());
                  json.put("hash", checkpoint.entryHash());
                  json.put("created_at", EpochSeconds.text(checkpoint.createdAt()));
                  json.put("kid", checkpoint.kid());
                  json.put("jws", checkpoint.jws());
                  return json;
                })
            .toList();
  }
}
