package dev.leash.keycloak.audit.syslog;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The RFC 5424 severity of a record: {@code warning} (4) for what may be an attack or a refusal (a
 * denial, a revoked code, refused device requests, a poll from another device), {@code notice} (5)
 * for approvals and grants that ended unused, {@code informational} (6) for pending grants.
 */
final class SyslogSeverity {

  static final int WARNING = 4;
  static final int NOTICE = 5;
  static final int INFORMATIONAL = 6;

  private SyslogSeverity() {}

  static int of(JsonNode record) {
    if (record.path("rejected_polls").has("leash_binding_mismatch")) {
      return WARNING;
    }
    return switch (record.path("outcome").asText("")) {
      case "denied", "revoked", "refused" -> WARNING;
      case "approved", "expired" -> NOTICE;
      default -> INFORMATIONAL;
    };
  }
}
