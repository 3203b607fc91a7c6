package dev.leash.keycloak.audit.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.StoredLink;
import dev.leash.keycloak.audit.retention.RetentionMarkCheck;
import dev.leash.keycloak.audit.retention.RetentionMarkPayload;
import dev.leash.keycloak.audit.retention.RetentionMarks;
import dev.leash.keycloak.audit.store.ChainHead;
import dev.leash.keycloak.audit.store.Outbox;
import dev.leash.keycloak.core.LeashClock;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/leash/audit/retention}: an admin acknowledges that entries at the
 * start of the realm's chain are gone though no retention mark covers them (deleted by hand, or by
 * a build of Leash whose retention signed no mark). Until then {@code verify} names them and
 * retention holds the realm back, so that its next mark does not cover them unseen. Needs {@code
 * manage-realm}; the acknowledgement is an admin event and is signed into the mark with the admin's
 * id.
 */
public final class RetentionResource {

  static final String ADMIN_EVENT_RESOURCE = "LEASH_AUDIT_RETENTION_MARK";

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;
  private final EntityManager em;

  RetentionResource(
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

  /**
   * Signs a mark through the entry before the oldest one stored, anchored by the hash that entry
   * points at (the head's when none is stored). {@code through} must name that entry, as the admin
   * saw it in {@code verify}: what went meanwhile is not acknowledged unseen. {@code 409} when it
   * does not, when no entry is gone beyond the realm's valid mark, or when the oldest entry names
   * no well-formed hash to follow.
   */
  @POST
  @Path("acknowledge")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode acknowledge(@QueryParam("through") Long expectedThrough) {
    auth.realm().requireManageRealm();
    if (expectedThrough == null || expectedThrough < 1) {
      throw new BadRequestException(
          "Name the last entry gone: ?through=N, where verify's from_seq is N + 1");
    }
    Outbox outbox = new Outbox(em);
    // The head's row lock keeps a second acknowledgement, and the drainer's sealing, apart.
    ChainHead head = outbox.lockHead(realm.getId()).orElseThrow(this::nothingGone);
    long firstStored = outbox.oldestSeq(realm.getId()).orElse(head.lastSeq() + 1);
    RetentionMarks marks = new RetentionMarks(em);
    RetentionMarkCheck.Result mark = RetentionMarkCheck.ofRealm(session, realm, marks);
    long marked = mark == null ? 0 : mark.throughSeq();
    if (firstStored <= marked + 1 && (mark == null || mark.valid())) {
      throw nothingGone();
    }
    String hash = head.lastHash();
    if (firstStored <= head.lastSeq()) {
      Iterator<StoredLink> oldest = outbox.stored(realm.getId(), firstStored, firstStored, 1);
      hash = oldest.hasNext() ? oldest.next().prevHash() : null;
    }
    long through = firstStored - 1;
    if (through != expectedThrough) {
      throw new ClientErrorException(
          "The entries gone reach " + through + ", not " + expectedThrough + ": check verify again",
          Response.Status.CONFLICT);
    }
    if (hash == null || !HASH.matcher(hash).matches()) {
      throw new ClientErrorException(
          "Entry " + firstStored + " names no well-formed previous hash to anchor it",
          Response.Status.CONFLICT);
    }
    String adminId = auth.adminAuth().getUser().getId();
    try {
      marks.mark(
          session,
          realm,
          new RetentionMarkPayload(
              realm.getId(), through, hash, LeashClock.KEYCLOAK.nowSeconds(), adminId));
    } catch (IllegalStateException noKey) {
      throw new ClientErrorException(noKey.getMessage(), Response.Status.CONFLICT);
    }
    adminEvent
        .operation(OperationType.ACTION)
        .resource(ADMIN_EVENT_RESOURCE)
        .resourcePath(session.getContext().getUri())
        .representation(Map.of("through_seq", through, "previous_through_seq", marked))
        .success();
    return JsonNodeFactory.instance
        .objectNode()
        .put("through_seq", through)
        .put("previous_through_seq", marked)
        .put("acknowledged_by", adminId);
  }

  private ClientErrorException nothingGone() {
    return new ClientErrorException(
        "No entry is gone that the realm's retention mark does not cover",
        Response.Status.CONFLICT);
  }
}
