package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Keycloak's admin REST API as the bootstrap admin, for setting up and inspecting test realms. */
public final class AdminClient {

  private final HttpClient http = Http.client();
  private final URI baseUri;
  private final String realm;
  private final String username;
  private final String password;
  private String accessToken;
  private Instant tokenRefreshAt = Instant.MIN;

  AdminClient(URI baseUri, String username, String password) {
    this(baseUri, "master", username, password);
  }

  /** An admin REST client signed in to {@code realm} as a user of that realm. */
  AdminClient(URI baseUri, String realm, String username, String password) {
    this.baseUri = baseUri;
    this.realm = realm;
    this.username = username;
    this.password = password;
  }

  /** Creates a realm from its JSON representation (as in a realm export). */
  public void importRealm(String realmJson) {
    expect(201, send("POST", "/admin/realms", realmJson));
  }

  /** Deletes the realm if it exists. */
  public void deleteRealm(String realm) {
    HttpResponse<String> response = send("DELETE", "/admin/realms/" + realm, null);
    if (response.statusCode() != 204 && response.statusCode() != 404) {
      expect(204, response);
    }
  }

  public JsonNode get(String path) {
    return Json.parse(expect(200, send("GET", path, null)).body());
  }

  /** The representation of the user {@code username} of {@code realm}; missing if none. */
  public JsonNode user(String realm, String username) {
    return get("/admin/realms/"
            + realm
            + "/users?exact=true&username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8))
        .path(0);
  }

  public HttpResponse<String> put(String path, Object body) {
    return send("PUT", path, Json.write(body));
  }

  public HttpResponse<String> post(String path, Object body) {
    return send("POST", path, Json.write(body));
  }

  public HttpResponse<String> send(String method, String path, String jsonBody) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(baseUri.resolve(path))
            .timeout(Http.TIMEOUT)
            .header("Authorization", "Bearer " + token())
            .header("Accept", "application/json");
    if (jsonBody == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    }
    return Http.send(http, request.build());
  }

  private synchronized String token() {
    if (Instant.now().isAfter(tokenRefreshAt)) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  baseUri.resolve("/realms/" + realm + "/protocol/openid-connect/token"))
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
                              username,
                              "password",
                              password))))
              .build();
      JsonNode body = Json.parse(expect(200, Http.send(http, request)).body());
      accessToken = body.path("access_token").asText();
      // Refresh well before expiry so a slow test never sends an expired token.
      tokenRefreshAt = Instant.now().plusSeconds(body.path("expires_in").asLong(60) / 2);
    }
    return accessToken;
  }

  /** {@code response}, if the admin API answered it with success (2xx). */
  public static HttpResponse<String> succeeded(HttpResponse<String> response) {
    return response.statusCode() / 100 == 2 ? response : unexpected(response, "a success");
  }

  private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
    return response.statusCode() == status ? response : unexpected(response, "" + status);
  }

  private static HttpResponse<String> unexpected(HttpResponse<String> response, String expected) {
    throw new IllegalStateException(
        response.request().method()
            + " "
            + response.request().uri()
            + " answered "
            + response.statusCode()
            + ", expected "
            + expected
            + ": "
            + response.body());
  }
}
