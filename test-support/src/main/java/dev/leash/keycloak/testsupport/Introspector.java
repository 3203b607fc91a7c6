package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A resource server asking Keycloak whether a token is active (RFC 7662), with its client secret.
 */
public final class Introspector {

  private final HttpClient http = Http.client();
  private final URI endpoint;
  private final String basicAuth;

  public Introspector(KeycloakServer server, String realm, String clientId, String secret) {
    this.endpoint =
        URI.create(server.realmUri(realm) + "/protocol/openid-connect/token/introspect");
    this.basicAuth =
        Base64.getEncoder()
            .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** The introspection answer; {@code active} tells whether the token may still be used. */
  public JsonNode introspect(String token) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Http.TIMEOUT)
            .header("Authorization", "Basic " + basicAuth)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(Http.form(Map.of("token", token))))
            .build();
    return Json.parse(Http.send(http, request).body());
  }
}
