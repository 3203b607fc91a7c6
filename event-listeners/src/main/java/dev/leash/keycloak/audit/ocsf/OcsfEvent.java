package dev.leash.keycloak.audit.ocsf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.chain.CanonicalJson;
import dev.leash.keycloak.audit.chain.ChainedEntry;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A chain entry as an OCSF 1.1 <em>Authentication</em> event (class 3002, category 3, Identity
 * &amp; Access Management). A device grant is an OAuth 2.0 logon: a person (the OCSF {@code user},
 * who is also the {@code actor}) lets a client (the {@code service}) act for them from a device
 * (the {@code src_endpoint}); its outcome is the logon's status. <em>Authorize Session</em> (3003)
 * would report privileges or groups given to a session, which the record does not hold.
 *
 * <p>Everything the OCSF attributes do not carry travels in {@code unmapped.leash_entry}: the whole
 * chain entry, whose hash checks exactly as in the JSON-lines file.
 */
public final class OcsfEvent {

  static final String OCSF_VERSION = "1.1.0";
  static final int CLASS_AUTHENTICATION = 3002;
  static final int CATEGORY_IAM = 3;
  static final int ACTIVITY_LOGON = 1;
  static final int AUTH_PROTOCOL_OAUTH2 = 6;

  private OcsfEvent() {}

  /** The event as one line of canonical JSON. */
  public static String line(ChainedEntry entry) {
    return CanonicalJson.write(of(entry));
  }

  public static ObjectNode of(ChainedEntry entry) {
    JsonNode record = entry.record();
    String outcome = record.path("outcome").asText("");
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("class_uid", CLASS_AUTHENTICATION);
    event.put("class_name", "Authentication");
    event.put("category_uid", CATEGORY_IAM);
    event.put("category_name", "Identity & Access Management");
    event.put("activity_id", ACTIVITY_LOGON);
    event.put("activity_name", "Logon");
    event.put("type_uid", CLASS_AUTHENTICATION * 100 + ACTIVITY_LOGON);
    event.put("type_name", "Authentication: Logon");
    event.put("time", time(entry));
    Status status = Status.of(outcome);
    event.put("status_id", status.id);
    event.put("status", status.label);
    event.put("status_detail", detail(record, outcome));
    Severity severity = Severity.of(record, outcome);
    event.put("severity_id", severity.id);
    event.put("severity", severity.label);
    event.put("message", message(record, outcome));
    event.put("auth_protocol_id", AUTH_PROTOCOL_OAUTH2);
    event.put("auth_protocol", "OAUTH 2.0");
    event.put("is_mfa", record.at("/decision/step_up_factor").isTextual());
    ObjectNode metadata = event.putObject("metadata");
    metadata.put("version", OCSF_VERSION);
    metadata.put("uid", entry.entryId());
    metadata.put("sequence", entry.seq());
    copyText(record, "record_id", metadata, "correlation_uid");
    metadata.put("tenant_uid", entry.realmId());
    metadata.put("logged_time", millis(entry.sealedAt()));
    ObjectNode product = metadata.putObject("product");
    product.put("name", "Leash");
    product.put("vendor_name", "Leash");
    ObjectNode user = person(record.at("/decision/approver"));
    event.set("user", user);
    if (user.has("uid")) {
      event.putObject("actor").set("user", user.deepCopy());
    }
    JsonNode agent = record.path("agent");
    if (agent.isObject()) {
      ObjectNode service = event.putObject("service");
      copyText(agent, "client_id", service, "uid");
      service.put("name", agent.path("name").asText(agent.path("client_id").asText()));
    }
    String ip = record.at("/device/verified/ip").asText(record.at("/refusal/last_ip").asText(""));
    if (!ip.isEmpty()) {
      event.putObject("src_endpoint").put("ip", ip);
    }
    JsonNode userAgent = record.at("/device/verified/user_agent");
    if (userAgent.isTextual()) {
      event.putObject("http_request").put("user_agent", userAgent.textValue());
    }
    event.putObject("unmapped").set("leash_entry", entry.toJson());
    return event;
  }

  /** The record's {@code updated_at} (when it happened) in epoch milliseconds; else sealing. */
  private static long time(ChainedEntry entry) {
    JsonNode updatedAt = entry.record().path("updated_at");
    if (updatedAt.isTextual()) {
      try {
        return Instant.parse(updatedAt.textValue()).toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException notATime) {
        // Not a time in milliseconds' range: fall back to the sealing time below.
      }
    }
    return millis(entry.sealedAt());
  }

  /** Epoch milliseconds of {@code epochSecond}; the nearest a long holds for a garbled row's. */
  private static long millis(long epochSecond) {
    try {
      return Math.multiplyExact(epochSecond, 1000);
    } catch (ArithmeticException garbled) {
      return epochSecond < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static String detail(JsonNode record, String outcome) {
    JsonNode reason = record.at("/decision/reason");
    if (reason.isTextual()) {
      return reason.textValue();
    }
    JsonNode error = record.at("/refusal/error");
    return error.isTextual() ? error.textValue() : outcome;
  }

  private static String message(JsonNode record, String outcome) {
    String agent = record.at("/agent/client_id").asText("an agent");
    return switch (outcome) {
      case "refused" -> "Device requests of " + agent + " refused";
      case "" -> "Leash audit record";
      default -> "Device grant for " + agent + " " + outcome;
    };
  }

  /** OCSF requires a user: the approver, or an unknown one before anybody decided. */
  private static ObjectNode person(JsonNode approver) {
    ObjectNode user = JsonNodeFactory.instance.objectNode();
    copyText(approver, "id", user, "uid");
    copyText(approver, "username", user, "name");
    user.put("type_id", user.has("uid") ? 1 : 0);
    user.put("type", user.has("uid") ? "User" : "Unknown");
    return user;
  }

  private static void copyText(JsonNode from, String name, ObjectNode to, String as) {
    JsonNode value = from.path(name);
    if (value.isTextual()) {
      to.put(as, value.textValue());
    }
  }

  private enum Status {
    UNKNOWN(0, "Unknown"),
    SUCCESS(1, "Success"),
    FAILURE(2, "Failure");

    final int id;
    final String label;

    Status(int id, String label) {
      this.id = id;
      this.label = label;
    }

    static Status of(String outcome) {
      return switch (outcome) {
        case "approved" -> SUCCESS;
        case "denied", "expired", "revoked", "refused" -> FAILURE;
        default -> UNKNOWN;
      };
    }
  }

  private enum Severity {
    INFORMATIONAL(1, "Informational"),
    LOW(2, "Low"),
    MEDIUM(3, "Medium");

    final int id;
    final String label;

    Severity(int id, String label) {
      this.id = id;
      this.label = label;
    }

    /** Polls from another device and revoked codes may be attacks; denials are worth a look. */
    static Severity of(JsonNode record, String outcome) {
      if (record.path("rejected_polls").has("leash_binding_mismatch")
          || outcome.equals("revoked")) {
        return MEDIUM;
      }
      return outcome.equals("denied") || outcome.equals("refused") ? LOW : INFORMATIONAL;
    }
  }
}
