package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.Http;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

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
    HttpClient http = Http.client();
    HttpRequest login =
        HttpRequest.newBuilder(
                server
                    .baseUri()
                    .resolve("/realms/" + DemoRealm.NAME + "/protocol/openid-connect/token"))
            .timeout(Http.TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    Http.form(
                        Map.of(
                            "grant_type",
                            "password",
                            "client_id",
                            "admin-cli",
                            "username",
                            viewer.username(),
                            "password",
                            viewer.password()))))
            .build();
    HttpResponse<String> tokens = Http.send(http, login);
    assertEquals(200, tokens.statusCode(), tokens::body);
    String token = Json.parse(tokens.body()).path("access_token").asText();
    return Http.send(
        http,
        HttpRequest.newBuilder(server.baseUri().resolve(auditPath(rest)))
            .timeout(Http.TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build());
  }

  static String auditPath(String rest) {
    return "/admin/realms/" + DemoRealm.NAME + "/leash/audit" + rest;
  }
}
