package dev.leash.keycloak.audit.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * The columns of a record row that {@code GET .../leash/audit} filters on, each a copy of a value
 * in the record's body. Verification derives them from the sealed body: a column changed on its own
 * would hide the record from a filtered list while the body still reads right.
 *
 * @param kind {@code KIND}: {@code device_grant} or {@code refused_device_requests}
 * @param clientId {@code CLIENT_ID}: the agent's client id
 * @param approverId {@code APPROVER_ID}: who decided, if anyone
 * @param approverUsername {@code APPROVER_USERNAME}
 * @param outcome {@code OUTCOME}
 */
public record RecordColumns(
    String kind, String clientId, String approverId, String approverUsername, String outcome) {

  /** The columns a record's body gives. */
  public static RecordColumns of(JsonNode record) {
    JsonNode approver = record.path("decision").path("approver");
    return new RecordColumns(
        record.path("kind").asText(null),
        record.path("agent").path("client_id").asText(null),
        approver.path("id").asText(null),
        approver.path("username").asText(null),
        record.path("outcome").asText(null));
  }

  /** The database name of the first of these columns that differs from {@code expected}. */
  Optional<String> firstDifferenceFrom(RecordColumns expected) {
    if (!Objects.equals(kind, expected.kind)) {
      return Optional.of("KIND");
    }
    if (!Objects.equals(clientId, expected.clientId)) {
      return Optional.of("CLIENT_ID");
    }
    if (!Objects.equals(approverId, expected.approverId)) {
      return Optional.of("APPROVER_ID");
    }
    if (!Objects.equals(approverUsername, expected.approverUsername)) {
      return Optional.of("APPROVER_USERNAME");
    }
    if (!Objects.equals(outcome, expected.outcome)) {
      return Optional.of("OUTCOME");
    }
    return Optional.empty();
  }
}
