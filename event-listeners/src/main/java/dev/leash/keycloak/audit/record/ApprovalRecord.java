package dev.leash.keycloak.audit.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.CanonicalJson;
import dev.leash.keycloak.audit.chain.RecordColumns;
import dev.leash.keycloak.core.DeviceContext;
import dev.leash.keycloak.core.audit.AuditEventDetails;
import dev.leash.keycloak.core.audit.AuditFact;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.keycloak.events.Errors;

/**
 * The approval record of one device grant (or the tally of an agent's refused device requests of
 * one kind in one hour), as the JSON document of docs/audit-format.md. Each fact method applies one
 * thing Leash or Keycloak decided and says how much it changed the record. Values from the device
 * or a person pass through {@link SafeText}; counters replace unbounded lists, so a misbehaving
 * agent cannot grow a record.
 */
public final class ApprovalRecord {

  /** Version of the record format. */
  public static final String SCHEMA = "leash.approval-record/1";

  static final String KIND_GRANT = "device_grant";
  static final String KIND_REFUSALS = "refused_device_requests";

  static final int MAX_NAME = 255;
  static final int MAX_TEXT = 1000;
  static final int MAX_DESCRIPTION = 300;
  static final int MAX_USER_AGENT = 512;
  static final int MAX_SCOPES = 50;
  static final int MAX_CLAIMED_FIELDS = 20;
  static final int MAX_TOKENS = 10;
  static final int MAX_REASONS = 20;

  /** Tally of reasons beyond {@link #MAX_REASONS}. */
  static final String OTHER_REASON = "other";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A time in the form {@link #iso} writes, with digits where this one has them. */
  private static final String ISO_SECONDS = "0000-00-00T00:00:00Z";

  private final ObjectNode json;

  private ApprovalRecord(ObjectNode json) {
    this.json = json;
  }

  /** A new record of the device grant {@code approvalId}. */
  public static ApprovalRecord ofGrant(String recordId, String realm, String approvalId, long now) {
    ObjectNode json = base(recordId, realm, KIND_GRANT, now);
    json.put("approval_id", approvalId);
    json.put("outcome", Outcome.PENDING.id());
    return new ApprovalRecord(json);
  }

  /**
   * A new record of the device grant {@code approvalId} of the agent {@code clientId} whose request
   * left no record: it was deleted since, or the audit trail was switched on after the request.
   * {@code expiresAt}, the code's deadline when known, lets the record end as expired.
   */
  public static ApprovalRecord ofUnrecordedGrant(
      String recordId,
      String realm,
      String approvalId,
      String clientId,
      String agentName,
      Long expiresAt,
      long now) {
    ApprovalRecord record = ofGrant(recordId, realm, approvalId, now);
    agent(record.json, clientId, agentName);
    if (expiresAt != null) {
      record.json.putObject("requested").put("expires_at", iso(expiresAt));
    }
    return record;
  }

  /**
   * A new tally of the device requests of {@code clientId} refused with {@code error} from {@code
   * windowStart} to {@code windowEnd} (epoch seconds).
   */
  public static ApprovalRecord ofRefusals(
      String recordId,
      String realm,
      String clientId,
      String agentName,
      String error,
      long windowStart,
      long windowEnd,
      long now) {
    ObjectNode json = base(recordId, realm, KIND_REFUSALS, now);
    agent(json, clientId, agentName);
    json.put("outcome", Outcome.REFUSED.id());
    ObjectNode refusal = json.putObject("refusal");
    refusal.put("error", SafeText.of(error, MAX_NAME));
    refusal.put("window_start", iso(windowStart));
    refusal.put("window_end", iso(windowEnd));
    refusal.put("count", 0);
    return new ApprovalRecord(json);
  }

  public static ApprovalRecord parse(String body) {
    try {
      return new ApprovalRecord((ObjectNode) MAPPER.readTree(body));
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("Stored approval record is not a JSON object", e);
    }
  }

  private static ObjectNode base(String recordId, String realm, String kind, long now) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("schema", SCHEMA);
    json.put("record_id", recordId);
    json.put("kind", kind);
    json.put("realm", realm);
    json.put("created_at", iso(now));
    json.put("updated_at", iso(now));
    json.put("version", 0);
    return json;
  }

  /** The record as stored and chained: canonical JSON. */
  public String toJson() {
    return CanonicalJson.write(json);
  }

  /** A copy of the record's JSON, safe to hand out. */
  public ObjectNode snapshot() {
    return json.deepCopy();
  }

  public String id() {
    return json.path("record_id").asText();
  }

  /** {@code device_grant} or {@code refused_device_requests}. */
  public String kind() {
    return json.path("kind").asText();
  }

  /** The columns of its row that the list filters on, as its body gives them. */
  public RecordColumns columns() {
    return RecordColumns.of(json);
  }

  public Outcome outcome() {
    return Outcome.fromId(json.path("outcome").asText()).orElseThrow();
  }

  public int version() {
    return json.path("version").asInt();
  }

  /**
   * Epoch second at which the grant ends unused if nothing happens, or {@code null} once it cannot
   * (decided against, tokens issued, or already ended).
   */
  public Long openUntil() {
    JsonNode expiresAt = json.path("requested").path("expires_at");
    return outcome().open() && !hasTokens() && expiresAt.isTextual()
        ? epochSecond(expiresAt.asText())
        : null;
  }

  /** Counts a change: a new version, changed at {@code now}. */
  public void touch(long now) {
    json.put("version", version() + 1);
    json.put("updated_at", iso(now));
  }

  /** The device authorization request was accepted. */
  public Change requested(AuditFact.DeviceRequestAccepted fact, String agentName) {
    if (json.has("requested")) {
      return Change.NONE;
    }
    agent(json, fact.clientId(), agentName);
    ObjectNode requested = json.putObject("requested");
    requested.put("at", iso(fact.requestedAt()));
    ArrayNode scopes = requested.putArray("scopes");
    fact.scopes().stream()
        .limit(MAX_SCOPES)
        .forEach(scope -> scopes.add(SafeText.of(scope, MAX_NAME)));
    requested.put("expires_at", iso(fact.expiresAt()));
    if (fact.context() != null) {
      device(json.putObject("device"), fact.context());
    }
    return Change.SIGNIFICANT;
  }

  /** A person approved the grant (Keycloak's consent accepted). */
  public Change approved(Approval approval) {
    if (json.has("decision")) {
      return Change.NONE;
    }
    ObjectNode decision = decision("approved", approval.approver(), approval.at(), approval.ip());
    putSafe(decision, "justification", approval.justification(), MAX_TEXT);
    putSafe(decision, "step_up_factor", approval.stepUpFactor(), MAX_NAME);
    if (approval.firstApproverId() != null) {
      decision
          .putObject("first_approver")
          .put("id", SafeText.of(approval.firstApproverId(), MAX_NAME));
    }
    if (outcome() == Outcome.PENDING) {
      setOutcome(Outcome.APPROVED);
    }
    return Change.SIGNIFICANT;
  }

  /** A person denied the grant, on Leash's screen or Keycloak's consent. */
  public Change denied(Person by, String reason, String ip, long at) {
    if (json.has("decision")) {
      return Change.NONE;
    }
    putSafe(decision("denied", by, at, ip), "reason", reason, MAX_NAME);
    if (outcome().open()) {
      setOutcome(Outcome.DENIED);
    }
    return Change.SIGNIFICANT;
  }

  /** A person was not let through to approve; the grant stays pending for others. */
  public Change approverRefused(Person who, String reason, long at) {
    return count(
        "approver_refusals", reason, at, tally -> person(tally.putObject("last_user"), who));
  }

  /** Tokens were issued. */
  public Change tokensIssued(AuditFact.TokensIssued fact) {
    ArrayNode tokens = json.withArray("/tokens");
    for (JsonNode token : tokens) {
      if (token.path("jti").asText().equals(fact.tokenId())) {
        return Change.NONE;
      }
    }
    if (tokens.size() >= MAX_TOKENS) {
      return Change.NONE;
    }
    ObjectNode token = tokens.addObject();
    putSafe(token, "jti", fact.tokenId(), MAX_NAME);
    token.put("issued_at", iso(fact.issuedAt()));
    if (fact.expiresAt() > 0) {
      token.put("expires_at", iso(fact.expiresAt()));
    }
    putSafe(token, "scope", fact.scope(), MAX_TEXT);
    putSafe(token, "acr", fact.acr(), MAX_NAME);
    putSafe(token, "subject", fact.userId(), MAX_NAME);
    token.put("refresh_token", fact.refreshToken());
    if (outcome() == Outcome.EXPIRED) {
      // The expiry was recorded first only because these tokens' transaction committed after the
      // sweep or a late poll saw the deadline; Leash issued them before it, so the grant was used.
      json.remove("ended_at");
      setOutcome(Outcome.APPROVED);
    } else if (outcome() == Outcome.PENDING) {
      setOutcome(Outcome.APPROVED);
    }
    return Change.SIGNIFICANT;
  }

  /**
   * The token endpoint refused a poll with {@code error}. Counted per error ({@code sampled}: one
   * reported as a sample, after the exact budget, so the count is a lower bound); a poll after the
   * deadline, after Leash's revocation or after a denial ends a grant that had no tokens yet, so
   * the outcome is right even if the event that ended it was missed.
   */
  public Change pollRejected(String error, long at, boolean sampled) {
    String reason = error == null ? OTHER_REASON : error;
    Change change = count("rejected_polls", reason, at, tally -> markSampled(tally, sampled));
    Outcome end =
        switch (reason) {
          case Errors.EXPIRED_OAUTH2_DEVICE_CODE -> Outcome.EXPIRED;
          case AuditEventDetails.DEVICE_CODE_REVOKED -> Outcome.REVOKED;
          case Errors.ACCESS_DENIED -> Outcome.DENIED;
          default -> null;
        };
    return end == null ? change : change.and(end(end, at));
  }

  /**
   * The grant's deadline passed (noticed at {@code now}): it ends unused unless tokens were issued
   * or it was denied.
   */
  public Change expireIfUnused(long now) {
    Long deadline = openUntil();
    return end(Outcome.EXPIRED, deadline == null ? now : Math.min(deadline, now));
  }

  /**
   * Another device request of this tally's agent was refused ({@code sampled}: one reported as a
   * sample, after the exact budget, so the count is a lower bound).
   */
  public Change refused(String description, String ip, long at, boolean sampled) {
    ObjectNode refusal = json.withObject("/refusal");
    long count = refusal.path("count").asLong() + 1;
    refusal.put("count", count);
    markSampled(refusal, sampled);
    if (count == 1) {
      putSafe(refusal, "description", description, MAX_DESCRIPTION);
      refusal.put("first_at", iso(at));
    }
    refusal.put("last_at", iso(at));
    putSafe(refusal, "last_ip", ip, MAX_NAME);
    return count == 1 ? Change.SIGNIFICANT : Change.COUNTED;
  }

  /** Once a count was reported by samples, it stays marked as a lower bound. */
  private static void markSampled(ObjectNode counted, boolean sampled) {
    if (sampled) {
      counted.put("sampled", true);
    }
  }

  private Change end(Outcome end, long at) {
    if (!outcome().open() || hasTokens()) {
      return Change.NONE;
    }
    setOutcome(end);
    json.put("ended_at", iso(at));
    return Change.SIGNIFICANT;
  }

  private boolean hasTokens() {
    return json.path("tokens").size() > 0;
  }

  private void setOutcome(Outcome outcome) {
    json.put("outcome", outcome.id());
  }

  private ObjectNode decision(String result, Person by, long at, String ip) {
    ObjectNode decision = json.putObject("decision");
    decision.put("result", result);
    decision.put("at", iso(at));
    person(decision.putObject("approver"), by);
    putSafe(decision, "ip", ip, MAX_NAME);
    return decision;
  }

  private Change count(String section, String reason, long at, Consumer<ObjectNode> details) {
    ObjectNode tallies = json.withObject("/" + section);
    String key = SafeText.of(reason == null ? OTHER_REASON : reason, MAX_NAME);
    if (!tallies.has(key) && tallies.size() >= MAX_REASONS) {
      key = OTHER_REASON;
    }
    ObjectNode tally = (ObjectNode) tallies.get(key);
    boolean first = tally == null;
    if (first) {
      tally = tallies.putObject(key);
      tally.put("first_at", iso(at));
    }
    tally.put("count", tally.path("count").asLong() + 1);
    tally.put("last_at", iso(at));
    details.accept(tally);
    return first ? Change.SIGNIFICANT : Change.COUNTED;
  }

  private static void agent(ObjectNode json, String clientId, String name) {
    ObjectNode agent = json.putObject("agent");
    putSafe(agent, "client_id", clientId, MAX_NAME);
    putSafe(agent, "name", name, MAX_NAME);
  }

  private static void device(ObjectNode device, DeviceContext context) {
    ObjectNode verified = device.putObject("verified");
    putSafe(verified, "ip", context.sourceIp(), MAX_NAME);
    putSafe(verified, "user_agent", context.userAgent(), MAX_USER_AGENT);
    putSafe(verified, "dpop_jkt", context.dpopJkt(), MAX_NAME);
    verified.put("binding", context.binding().id());
    ObjectNode claimed = device.putObject("claimed");
    context.claimed().entrySet().stream()
        .limit(MAX_CLAIMED_FIELDS)
        .forEach(
            field ->
                putSafe(
                    claimed, SafeText.of(field.getKey(), MAX_NAME), field.getValue(), MAX_TEXT));
  }

  private static void person(ObjectNode node, Person person) {
    putSafe(node, "id", person.id(), MAX_NAME);
    putSafe(node, "username", person.username(), MAX_NAME);
  }

  private static void putSafe(ObjectNode node, String name, String value, int maxLength) {
    if (value != null) {
      node.put(name, SafeText.of(value, maxLength));
    }
  }

  static String iso(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).toString();
  }

  /**
   * The epoch second of an ISO-8601 instant. Times {@link #iso} wrote ({@code
   * 2026-12-05T12:00:00Z}) are read field by field: {@code Instant.parse} was a tenth of the
   * audit's cost per device request. Any other form is parsed in full.
   */
  static long epochSecond(String text) {
    if (text.length() == ISO_SECONDS.length() && hasShapeOfIsoSeconds(text)) {
      try {
        return LocalDateTime.of(
                Integer.parseInt(text, 0, 4, 10),
                Integer.parseInt(text, 5, 7, 10),
                Integer.parseInt(text, 8, 10, 10),
                Integer.parseInt(text, 11, 13, 10),
                Integer.parseInt(text, 14, 16, 10),
                Integer.parseInt(text, 17, 19, 10))
            .toEpochSecond(ZoneOffset.UTC);
      } catch (DateTimeException outOfRange) {
        // Shaped like a time but not one (month 13): the full parser says why.
      }
    }
    return Instant.parse(text).getEpochSecond();
  }

  private static boolean hasShapeOfIsoSeconds(String text) {
    for (int i = 0; i < ISO_SECONDS.length(); i++) {
      char expected = ISO_SECONDS.charAt(i);
      char actual = text.charAt(i);
      if (expected == '0' ? actual < '0' || actual > '9' : actual != expected) {
        return false;
      }
    }
    return true;
  }

  /** Who acted: a Keycloak user id and username. */
  public record Person(String id, String username) {}

  /**
   * An approval as Keycloak completed it.
   *
   * @param firstApproverId the first person of a two-person approval, or {@code null}
   */
  public record Approval(
      Person approver,
      long at,
      String ip,
      String justification,
      String stepUpFactor,
      String firstApproverId) {}
}
