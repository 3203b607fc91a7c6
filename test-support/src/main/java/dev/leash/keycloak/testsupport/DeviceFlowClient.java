package dev.leash.keycloak.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The agent's side of RFC 8628: asks for a device code and polls the token endpoint. */
public final class DeviceFlowClient {

  public static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  private final HttpClient http = Http.client();
  private final URI openIdConnect;
  private final String clientId;

  public DeviceFlowClient(KeycloakServer server, String realm, String clientId) {
    this.openIdConnect = URI.create(server.realmUri(realm) + "/protocol/openid-connect/");
    this.clientId = clientId;
  }

  /** Device authorization request asking for {@code scope} (may be {@code null}). */
  public OAuthResponse authorize(String scope) {
    Map<String, String> params = new LinkedHashMap<>();
    if (scope != null) {
      params.put("scope", scope);
    }
    return authorize(params);
  }

  /** Device authorization request with arbitrary parameters; {@code client_id} is added. */
  public OAuthResponse authorize(Map<String, String> params) {
    return send("auth/device", params);
  }

  /** One token poll for {@code deviceCode}. */
  public OAuthResponse poll(String deviceCode) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", DEVICE_CODE_GRANT);
    params.put("device_code", deviceCode);
    return send("token", params);
  }

  /** A refresh-token grant, as an agent renews its access. */
  public OAuthResponse refresh(String refreshToken) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "refresh_token");
    params.put("refresh_token", refreshToken);
    return send("token", params);
  }

  /**
   * Polls as a well-behaved agent does: waits the advertised interval before each poll (5 s more
   * after each {@code slow_down}, RFC 8628 section 3.5), until the answer is neither {@code
   * authorization_pending} nor {@code slow_down}, or {@code timeout} passes (then the last answer).
   */
  public OAuthResponse pollUntilSettled(OAuthResponse authorization, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    long intervalSeconds = authorization.interval();
    while (true) {
      try {
        TimeUnit.SECONDS.sleep(intervalSeconds);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      OAuthResponse answer = poll(authorization.deviceCode());
      if ("slow_down".equals(answer.error())) {
        intervalSeconds += 5;
      } else if (!"authorization_pending".equals(answer.error())
          || Instant.now().isAfter(deadline)) {
        return answer;
      }
    }
  }

  /**
   * A form post to an endpoint of the realm's OpenID Connect API (relative, e.g. {@code token}), as
   * this client: {@code client_id} is added.
   */
  public OAuthResponse send(String endpoint, Map<String, String> params) {
    Map<String, String> form = new LinkedHashMap<>(params);
    form.putIfAbsent("client_id", clientId);
    HttpRequest request =
        HttpRequest.newBuilder(openIdConnect.resolve(endpoint))
            .timeout(Http.TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(Http.form(form)))
            .build();
    return OAuthResponse.of(Http.send(http, request));
  }
}
