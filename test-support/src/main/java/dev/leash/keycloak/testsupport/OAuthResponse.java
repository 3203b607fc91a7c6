package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;

/** A response of an OAuth endpoint: status, headers and the JSON body (missing if not JSON). */
public record OAuthResponse(int status, HttpHeaders headers, String rawBody, JsonNode json) {

  static OAuthResponse of(HttpResponse<String> response) {
    return new OAuthResponse(
        response.statusCode(), response.headers(), response.body(), Json.parse(response.body()));
  }

  /** A top-level string field, or {@code null} when absent. */
  public String field(String name) {
    JsonNode value = json.path(name);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  /** The OAuth {@code error} code, or {@code null} on success. */
  public String error() {
    return field("error");
  }

  public String errorDescription() {
    return field("error_description");
  }

  // Device authorization response (RFC 8628 section 3.2).

  public String deviceCode() {
    return field("device_code");
  }

  public String userCode() {
    return field("user_code");
  }

  public String verificationUriComplete() {
    return field("verification_uri_complete");
  }

  public int interval() {
    return json.path("interval").asInt(5);
  }

  public int expiresIn() {
    return json.path("expires_in").asInt();
  }

  // Token response.

  public String accessToken() {
    return field("access_token");
  }

  public String refreshToken() {
    return field("refresh_token");
  }

  @Override
  public String toString() {
    return status + " " + rawBody;
  }
}
