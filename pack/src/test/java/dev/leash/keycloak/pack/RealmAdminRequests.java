package dev.leash.keycloak.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.net.http.HttpResponse;

/**
 * Requests to the demo realm's audit API as one of its own admins, who holds {@code view-events}
 * only: not a server operator, whom the tests' {@code AdminClient} (the master realm's admin)
 * plays.
 */
final class RealmAdminRequests {

  private final KeycloakServer server;
  private final TestUser viewer;

  RealmAdminRequests(KeycloakServer server, TestUser viewer) {
    this.server = server;
    this.viewer = viewer;
  }

  /** Adds {@code viewer} to the realm JSON as a password user with {@code view-events}. */
  static void addViewer(ObjectNode realm, TestUser viewer) {
    RealmJson.addPasswordUser(realm, viewer);
    JsonNode users = realm.path("users");
    ((ObjectNode) users.get(users.size() - 1))
        .putObject("clientRoles")
        .putArray("realm-management")
        .add("view-events");
  }

  /** {@code method} on {@code .../leash/audit<rest>} of the demo realm, as the viewer. */
  HttpResponse<String> send(String method, String rest) {
    return server.admin(DemoRealm.NAME, viewer).send(method, auditPath(rest), null);
  }

  static String auditPath(String rest) {
    return "/admin/realms/" + DemoRealm.NAME + "/leash/audit" + rest;
  }
}
