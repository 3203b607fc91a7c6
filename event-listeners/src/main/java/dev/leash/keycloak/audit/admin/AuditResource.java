package dev.leash.keycloak.audit.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.EpochSeconds;
import dev.leash.keycloak.audit.delivery.Cursor;
import dev.leash.keycloak.audit.record.Outcome;
import dev.leash.keycloak.audit.sink.JsonLinesFileSink;
import dev.leash.keycloak.audit.store.CursorStore;
import dev.leash.keycloak.audit.store.DeadLetter;
import dev.leash.keycloak.audit.store.Outbox;
import dev.leash.keycloak.audit.store.RecordQuery;
import dev.leash.keycloak.audit.syslog.SyslogSink;
import dev.leash.keycloak.audit.webhook.Webhook;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.managers.RealmManager;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * {@code /admin/realms/{realm}/leash/audit}: lists the realm's approval records, verifies its hash
 * chain and shows how delivery to the sinks stands. Needs the realm's {@code view-events} role.
 */
public final class AuditResource {

  static final int DEFAULT_MAX = 100;
  static final int MAX_MAX = 1000;
  private static final int DEAD_LETTERS_SHOWN = 100;

  /** What a realm admin sees instead of the error of a sink configured by server options. */
  static final String HIDDEN_SERVER_SINK_ERROR =
      "failing; the cause (a server setting) is in the server log and shown to server operators";

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;
  private final AdminEventBuilder adminEvent;

  AuditResource(
      KeycloakSession session,
      RealmModel realm,
      AdminPermissionEvaluator auth,
      AdminEventBuilder adminEvent) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
    this.adminEvent = adminEvent;
  }

  /** The realm's approval records, newest first. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<ObjectNode> records(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("agent") String agent,
      @QueryParam("user") String user,
      @QueryParam("outcome") String outcome,
      @QueryParam("first") @DefaultValue("0") int first,
      @QueryParam("max") @DefaultValue("" + DEFAULT_MAX) int max) {
    auth.realm().requireViewEvents();
    if (outcome != null && Outcome.fromId(outcome).isEmpty()) {
      throw new BadRequestException("Unknown outcome: " + outcome);
    }
    if (first < 0 || max < 1 || max > MAX_MAX) {
      throw new BadRequestException("first must be 0 or more, max from 1 to " + MAX_MAX);
    }
    RecordQuery.Filter filter;
    try {
      filter =
          new RecordQuery.Filter(
              QueryTimes.epochSecond(from), QueryTimes.epochSecond(to), agent, user, outcome);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
    return new RecordQuery(em()).find(realm.getId(), filter, first, max);
  }

  /**
   * Recomputes up to {@code max} entries of the realm's hash chain from {@code from} on, checks the
   * signed checkpoints among them and the record rows whose current version they sealed, and names
   * the first broken entry and the first changed row; {@code next_from} says where to go on.
   */
  @GET
  @Path("verify")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode verify(
      @QueryParam("from") Long from,
      @QueryParam("max") @DefaultValue("" + ChainVerification.DEFAULT_MAX) int max) {
    auth.realm().requireViewEvents();
    if ((from != null && from < 1) || max < 1 || max > ChainVerification.MAX_MAX) {
      throw new BadRequestException(
          "from must be 1 or more, max from 1 to " + ChainVerification.MAX_MAX);
    }
    return new ChainVerification(session, realm, em()).verify(from, max);
  }

  /** {@code .../retention}: acknowledging entries gone that no retention mark covers. */
  @Path("retention")
  public RetentionResource retention() {
    return new RetentionResource(session, realm, auth, adminEvent, em());
  }

  /** {@code .../checkpoints}: the realm's signed checkpoints. */
  @Path("checkpoints")
  public CheckpointResource checkpoints() {
    return new CheckpointResource(realm, auth, em());
  }

  /** {@code .../signing-keys}: the realm's signing keys and whether this server trusts each. */
  @Path("signing-keys")
  public SigningKeysResource signingKeys() {
    return new SigningKeysResource(session, realm, auth);
  }

  /** {@code .../delivery/dead-letters}: retrying dead letters. */
  @Path("delivery/dead-letters")
  public DeadLetterResource deadLetters() {
    return new DeadLetterResource(session, realm, auth, adminEvent, em());
  }

  /** How far each sink has received the chain, its failures, and dead letters. */
  @GET
  @Path("delivery")
  @Produces(MediaType.APPLICATION_JSON)
  public ObjectNode delivery() {
    auth.realm().requireViewEvents();
    CursorStore cursors = new CursorStore(em());
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("last_seq", new Outbox(em()).head(realm.getId()).lastSeq());
    ArrayNode sinks = result.putArray("sinks");
    for (Cursor cursor : cursors.cursors(realm.getId())) {
      ObjectNode sink = sinks.addObject();
      sink.put("sink", cursor.sink());
      sink.put("delivered_up_to", cursor.nextSeq() - 1);
      putTime(sink, "delivered_at", cursor.deliveredAt());
      putTime(sink, "failing_since", cursor.failingSince());
      sink.put("attempts", cursor.attempts());
      sink.put("last_error", shownError(cursor.sink(), cursor.lastError()));
    }
    ArrayNode letters = result.putArray("dead_letters");
    for (DeadLetter letter : cursors.deadLetters(realm.getId(), DEAD_LETTERS_SHOWN)) {
      ObjectNode dead = letters.addObject();
      dead.put("id", letter.id());
      dead.put("sink", letter.sink());
      dead.put("seq", letter.seq());
      putTime(dead, "failed_at", letter.failedAt());
      dead.put("error", shownError(letter.sink(), letter.error()));
      putTime(dead, "retry_requested_at", letter.retryRequestedAt());
    }
    return result;
  }

  /** {@code .../webhook}: the realm's webhook named {@code default}. */
  @Path("webhook")
  public WebhookResource webhook() {
    return new WebhookResource(session, realm, auth, adminEvent, Webhook.DEFAULT_NAME);
  }

  /** {@code .../webhooks}: all of the realm's audit webhooks. */
  @Path("webhooks")
  public WebhooksResource webhooks() {
    return new WebhooksResource(session, realm, auth, adminEvent);
  }

  /**
   * A sink's error as this admin may see it. The file and syslog sinks are the server's, shared by
   * every realm, and their errors name server paths and hosts: only admins of the administration
   * realm (server operators) read them here; the server log has them for everyone else.
   */
  private String shownError(String sink, String error) {
    boolean serverWide = JsonLinesFileSink.ID.equals(sink) || SyslogSink.ID.equals(sink);
    return error == null || !serverWide || isServerOperator() ? error : HIDDEN_SERVER_SINK_ERROR;
  }

  /**
   * Whether the caller may manage the administration realm: to whom Keycloak's own server info
   * shows the server's system details. A {@code master} admin who only views this realm's events is
   * not one.
   */
  private boolean isServerOperator() {
    RealmModel callersRealm = auth.adminAuth().getRealm();
    return RealmManager.isAdministrationRealm(callersRealm)
        && AdminPermissions.evaluator(session, callersRealm, auth.adminAuth())
            .realm()
            .canManageRealm();
  }

  private static void putTime(ObjectNode node, String name, Long epochSecond) {
    if (epochSecond != null) {
      node.put(name, EpochSeconds.text(epochSecond));
    }
  }

  private EntityManager em() {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
