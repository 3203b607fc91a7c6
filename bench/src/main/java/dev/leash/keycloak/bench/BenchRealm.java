package dev.leash.keycloak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The realms the benchmark loads, all made from the demo realm ({@code
 * docker/leash-demo-realm.json}) so that vanilla Keycloak and Leash serve the same clients and
 * users: {@value #AGENTS} copies of the demo agent (one per client thread) and password-only
 * approvers. The vanilla copy has everything Leash-specific taken out.
 */
final class BenchRealm {

  static final int AGENTS = 16;

  /** A copy of the demo agent whose own Leash settings allow one pending code: Leash refuses it. */
  static final String CAPPED_AGENT = "bench-capped-agent";

  /** What Leash's per-agent request limit is raised to, so throughput runs are not refusals. */
  static final int RAISED_REQUEST_LIMIT = 1_000_000;

  private BenchRealm() {}

  static String agent(int client) {
    return String.format("bench-agent-%02d", client % AGENTS);
  }

  static TestUser approver(int client) {
    return TestUser.withPassword(String.format("bench-approver-%02d", client), "approver-pass");
  }

  /**
   * The demo realm renamed to {@code name}, with the demo's policies and flows minus step-up (every
   * approval would need a fresh one-time code), a 1 s polling interval, the per-agent request limit
   * raised to {@value #RAISED_REQUEST_LIMIT} a minute and no pending-code cap (see
   * docs/benchmarks.md), the bench agents and {@code approvers} approvers.
   */
  static ObjectNode withLeash(ObjectNode demo, String name, int approvers) {
    ObjectNode realm = demo.deepCopy();
    realm.put("realm", name);
    freshFlowIds(realm);
    RealmJson.attribute(realm, "oauth2DevicePollingInterval", "1");
    RealmJson.withoutStepUp(realm);
    ObjectNode limits = RealmJson.executorConfiguration(realm, "leash-scope-limit");
    limits.put("max-requests-per-window", RAISED_REQUEST_LIMIT);
    limits.put("max-pending-codes", 0);
    ObjectNode template = demoAgent(realm);
    ArrayNode clients = realm.withArray("clients");
    for (int i = 0; i < AGENTS; i++) {
      clients.add(template.deepCopy().put("clientId", agent(i)).put("name", agent(i)));
    }
    ObjectNode capped = template.deepCopy().put("clientId", CAPPED_AGENT).put("name", CAPPED_AGENT);
    capped
        .withArray("protocolMappers")
        .addObject()
        .put("name", "leash agent policy")
        .put("protocol", "openid-connect")
        .put("protocolMapper", "leash-agent-policy")
        .putObject("config")
        .put("max-pending-codes", "1");
    clients.add(capped);
    for (int i = 0; i < approvers; i++) {
      RealmJson.addPasswordUser(realm, approver(i));
    }
    return realm;
  }

  /** {@code leash} without Leash: no policies, flows, mappers, theme or audit listener. */
  static ObjectNode vanilla(ObjectNode leash) {
    ObjectNode realm = leash.deepCopy();
    realm.remove(List.of("loginTheme", "clientProfiles", "clientPolicies"));
    withoutAuditListener(realm);
    ArrayNode flows = (ArrayNode) realm.path("authenticationFlows");
    for (int i = flows.size() - 1; i >= 0; i--) {
      if (flows.get(i).path("alias").asText().startsWith("leash")) {
        flows.remove(i);
      }
    }
    for (JsonNode client : realm.path("clients")) {
      ((ObjectNode) client).remove("authenticationFlowBindingOverrides");
      ArrayNode mappers = (ArrayNode) client.path("protocolMappers");
      for (int i = mappers.size() - 1; i >= 0; i--) {
        if (mappers.get(i).path("protocolMapper").asText().startsWith("leash")) {
          mappers.remove(i);
        }
      }
    }
    return realm;
  }

  /**
   * {@code realm} with Keycloak's own event store on and its default event types (device
   * authorization, verification, token and login events, and their errors, among them): how an
   * identity team keeps a durable record of device grants without Leash. Keycloak writes each saved
   * event to the database in the request's transaction.
   */
  static ObjectNode withSavedEvents(ObjectNode realm) {
    ObjectNode saving = realm.deepCopy();
    saving.put("eventsEnabled", true);
    saving.remove("enabledEventTypes");
    return saving;
  }

  /** Takes Leash's audit listener off the realm (Keycloak's logging listener stays). */
  static ObjectNode withoutAuditListener(ObjectNode realm) {
    ArrayNode listeners = (ArrayNode) realm.path("eventsListeners");
    for (int i = listeners.size() - 1; i >= 0; i--) {
      if (listeners.get(i).asText().startsWith("leash")) {
        listeners.remove(i);
      }
    }
    return realm;
  }

  private static ObjectNode demoAgent(ObjectNode realm) {
    for (JsonNode client : realm.path("clients")) {
      if ("demo-agent".equals(client.path("clientId").asText())) {
        return (ObjectNode) client;
      }
    }
    throw new IllegalArgumentException("no demo-agent in the demo realm");
  }

  /**
   * New ids for the realm's flows (and the clients' flow overrides), since flow ids are unique per
   * server and the benchmark loads several realms made from the demo realm.
   */
  private static void freshFlowIds(ObjectNode realm) {
    List<String[]> renamed = new ArrayList<>();
    for (JsonNode flow : realm.path("authenticationFlows")) {
      if (flow.has("id")) {
        String fresh = UUID.randomUUID().toString();
        renamed.add(new String[] {flow.path("id").asText(), fresh});
        ((ObjectNode) flow).put("id", fresh);
      }
    }
    for (JsonNode client : realm.path("clients")) {
      if (client.path("authenticationFlowBindingOverrides") instanceof ObjectNode overrides) {
        List<String> bindings = new ArrayList<>();
        overrides.fieldNames().forEachRemaining(bindings::add);
        for (String[] pair : renamed) {
          for (String binding : bindings) {
            if (pair[0].equals(overrides.path(binding).asText())) {
              overrides.put(binding, pair[1]);
            }
          }
        }
      }
    }
  }
}
