package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The demo realm's device approval flow through the admin REST API, as an admin changes it in the
 * console: lets a test build another flow shape between tests without re-importing the realm. Steps
 * are named by provider id, subflows by name.
 */
public final class ApprovalFlowEditor {

  /** The demo realm's approval flow. */
  public static final String FLOW = "leash device approval";

  /** Leash's approval screen. */
  public static final String SCREEN = "leash-device-approval";

  /** Leash step-up. */
  public static final String STEP_UP = "leash-step-up";

  /** The demo flow's conditional subflow that asks for a one-time code. */
  public static final String ONE_TIME_CODE_SUBFLOW = "leash device approval step-up";

  private final AdminClient admin;
  private final String realmPath;

  public ApprovalFlowEditor(KeycloakServer server, String realm) {
    this.admin = server.admin();
    this.realmPath = "/admin/realms/" + realm;
  }

  /** Every step and subflow of the flow as it is now, for {@link #restore}. */
  public JsonNode snapshot() {
    return admin.get(executionsOf(FLOW));
  }

  /** Puts back the requirements of a {@link #snapshot} and removes steps added since. */
  public void restore(JsonNode snapshot) {
    Set<String> kept = new HashSet<>();
    snapshot.forEach(execution -> kept.add(execution.path("id").asText()));
    for (JsonNode execution : admin.get(executionsOf(FLOW))) {
      String id = execution.path("id").asText();
      if (!kept.contains(id)) {
        AdminClient.succeeded(
            admin.send("DELETE", realmPath + "/authentication/executions/" + id, null));
      }
    }
    for (JsonNode execution : snapshot) {
      AdminClient.succeeded(admin.put(executionsOf(FLOW), execution));
    }
  }

  /** Sets the requirement ({@code REQUIRED}, {@code CONDITIONAL}, ...) of a step or subflow. */
  public void require(String stepOrSubflow, String requirement) {
    ObjectNode changed = execution(stepOrSubflow).deepCopy();
    changed.put("requirement", requirement);
    AdminClient.succeeded(admin.put(executionsOf(FLOW), changed));
  }

  /** The requirement of a step or subflow, as this server reads it now. */
  public String requirement(String stepOrSubflow) {
    return execution(stepOrSubflow).path("requirement").asText();
  }

  private JsonNode execution(String stepOrSubflow) {
    for (JsonNode execution : admin.get(executionsOf(FLOW))) {
      if (names(execution, stepOrSubflow)) {
        return execution;
      }
    }
    throw new IllegalArgumentException("no " + stepOrSubflow + " in " + FLOW);
  }

  /**
   * Adds the step {@code providerId}, required, at the end of {@code subflow} (or of a flow made
   * with {@link #createFlow}), with {@code config} as its settings when not empty.
   */
  public void add(String subflow, String providerId, Map<String, String> config) {
    HttpResponse<String> added =
        admin.post(executionsOf(subflow) + "/execution", Map.of("provider", providerId));
    AdminClient.succeeded(added);
    String id = lastSegment(added);
    for (JsonNode execution : admin.get(executionsOf(subflow))) {
      if (id.equals(execution.path("id").asText())) {
        ObjectNode changed = execution.deepCopy();
        changed.put("requirement", "REQUIRED");
        AdminClient.succeeded(admin.put(executionsOf(subflow), changed));
      }
    }
    if (!config.isEmpty()) {
      AdminClient.succeeded(
          admin.post(
              realmPath + "/authentication/executions/" + id + "/config",
              Map.of("alias", providerId + "-" + id, "config", config)));
    }
  }

  /**
   * Creates the top-level flow {@code alias} holding only the required step {@code providerId}, as
   * for an identity provider's post login flow.
   */
  public void createFlow(String alias, String providerId) {
    AdminClient.succeeded(
        admin.post(
            realmPath + "/authentication/flows",
            Map.of(
                "alias", alias, "providerId", "basic-flow", "topLevel", true, "builtIn", false)));
    add(alias, providerId, Map.of());
  }

  /** Deletes the top-level flow {@code alias}, if there is one. */
  public void deleteFlow(String alias) {
    for (JsonNode flow : admin.get(realmPath + "/authentication/flows")) {
      if (alias.equals(flow.path("alias").asText())) {
        AdminClient.succeeded(
            admin.send(
                "DELETE", realmPath + "/authentication/flows/" + flow.path("id").asText(), null));
      }
    }
  }

  private static String lastSegment(HttpResponse<String> created) {
    String location = created.headers().firstValue("Location").orElseThrow();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  private static boolean names(JsonNode execution, String stepOrSubflow) {
    return execution.path("authenticationFlow").asBoolean()
        ? stepOrSubflow.equals(execution.path("displayName").asText())
        : stepOrSubflow.equals(execution.path("providerId").asText());
  }

  private String executionsOf(String flow) {
    return realmPath
        + "/authentication/flows/"
        + URLEncoder.encode(flow, StandardCharsets.UTF_8).replace("+", "%20")
        + "/executions";
  }
}
