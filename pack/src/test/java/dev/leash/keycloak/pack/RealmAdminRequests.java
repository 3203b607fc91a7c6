package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Requests to the demo realm's audit API as an admin who holds the demo realm's {@code view-events}
 * only: not a server operator, whom the tests' {@code AdminClient} (the master realm's admin)
 * plays. The viewer is one of the demo realm's users, or one of the master realm's.
 */
final class RealmAdminRequests {

  private static final String MASTER = "master";

  private final KeycloakServer server;
  private final String viewersRealm;
  private final TestUser viewer;

  private RealmAdminRequests(KeycloakServer server, String viewersRealm, TestUser viewer) {
    this.server = server;
    this.viewersRealm = viewersRealm;
    this.viewer = viewer;
  }

  /** As {@code viewer}, a user of the demo realm ({@link #addViewer}). */
  RealmAdminRequests(KeycloakServer server, TestUser viewer) {
    this(server, DemoRealm.NAME, viewer);
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

  /**
   * Creates {@code viewer} in the master realm with the demo realm's {@code view-events} (a role of
   * the master realm's {@code leash-demo-realm} client) and nothing else; the caller deletes it
   * with {@link #deleteMasterViewer}.
   */
  static RealmAdminRequests createMasterViewer(KeycloakServer server, TestUser viewer) {
    ObjectNode realm = Json.object();
    RealmJson.addPasswordUser(realm, viewer);
    AdminClient admin = server.admin();
    HttpResponse<String> created =
        admin.post("/admin/realms/" + MASTER + "/users", realm.path("users").get(0));
    assertEquals(201, created.statusCode(), created::body);
    String clientId =
        admin
            .get("/admin/realms/" + MASTER + "/clients?clientId=" + DemoRealm.NAME + "-realm")
            .get(0)
            .path("id")
            .asText();
    JsonNode role =
        admin.get("/admin/realms/" + MASTER + "/clients/" + clientId + "/roles/view-events");
    HttpResponse<String> granted =
        admin.post(
            "/admin/realms/"
                + MASTER
                + "/users/"
                + masterUserId(server, viewer)
                + "/role-mappings/clients/"
                + clientId,
            List.of(role));
    assertEquals(204, granted.statusCode(), granted::body);
    return new RealmAdminRequests(server, MASTER, viewer);
  }

  /** Deletes the master realm's {@code viewer}, if {@link #createMasterViewer} created it. */
  static void deleteMasterViewer(KeycloakServer server, TestUser viewer) {
    JsonNode found = masterUsers(server, viewer);
    if (found.size() > 0) {
      server
          .admin()
          .send(
              "DELETE",
              "/admin/realms/" + MASTER + "/users/" + found.get(0).path("id").asText(),
              null);
    }
  }

  /** {@code method} on {@code .../leash/audit<rest>} of the demo realm, as the viewer. */
  HttpResponse<String> send(String method, String rest) {
    return server.admin(viewersRealm, viewer).send(method, auditPath(rest), null);
  }

  static String auditPath(String rest) {
    return "/admin/realms/" + DemoRealm.NAME + "/leash/audit" + rest;
  }

  private static String masterUserId(KeycloakServer server, TestUser viewer) {
    return masterUsers(server, viewer).get(0).path("id").asText();
  }

  private static JsonNode masterUsers(KeycloakServer server, TestUser viewer) {
    return server
        .admin()
        .get("/admin/realms/" + MASTER + "/users?exact=true&username=" + viewer.username());
  }
}
