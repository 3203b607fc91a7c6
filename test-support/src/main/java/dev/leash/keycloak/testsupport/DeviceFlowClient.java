package dev.leash.keycloak.testsupport;

import java.net.InetAddress;
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
  private final DpopKey dpopKey;
  private final InetAddress sourceAddress;

  /** The server that receives the requests, when not the one {@link #openIdConnect} names. */
  private final URI forwardedTo;

  public DeviceFlowClient(KeycloakServer server, String realm, String clientId) {
    this(
        URI.create(server.realmUri(realm) + "/protocol/openid-connect/"),
        clientId,
        null,
        null,
        null);
  }

  private DeviceFlowClient(
      URI openIdConnect,
      String clientId,
      DpopKey dpopKey,
      InetAddress sourceAddress,
      URI forwardedTo) {
    this.openIdConnect = openIdConnect;
    this.clientId = clientId;
    this.dpopKey = dpopKey;
    this.sourceAddress = sourceAddress;
    this.forwardedTo = forwardedTo;
  }

  /** The same agent sending a fresh DPoP proof made with {@code key} on every request. */
  public DeviceFlowClient withDpop(DpopKey key) {
    return new DeviceFlowClient(openIdConnect, clientId, key, sourceAddress, forwardedTo);
  }

  /** The same agent on another host: its requests leave from {@code address} (e.g. 127.0.0.2). */
  public DeviceFlowClient from(InetAddress address) {
    return new DeviceFlowClient(openIdConnect, clientId, dpopKey, address, forwardedTo);
  }

  /**
   * The same agent behind a load balancer that forwards its requests to {@code node}, {@code Host}
   * header unchanged: the agent still addresses its own server (its DPoP proofs name that server's
   * endpoints), and a node without {@code --hostname} takes that server's URL as its own.
   */
  public DeviceFlowClient forwardedTo(KeycloakServer node) {
    return new DeviceFlowClient(openIdConnect, clientId, dpopKey, sourceAddress, node.baseUri());
  }

  /** The OpenID Connect endpoint URI, e.g. for a DPoP proof's {@code htu}. */
  public URI endpoint(String endpoint) {
    return openIdConnect.resolve(endpoint);
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
    Map<String, String> headers = new LinkedHashMap<>();
    if (dpopKey != null) {
      headers.put("DPoP", dpopKey.proof("POST", endpoint(endpoint)));
    }
    return send(endpoint, params, headers);
  }

  /** A form post with exactly these extra headers (e.g. a DPoP proof the test made itself). */
  public OAuthResponse send(
      String endpoint, Map<String, String> params, Map<String, String> headers) {
    Map<String, String> form = new LinkedHashMap<>(params);
    form.putIfAbsent("client_id", clientId);
    URI uri = endpoint(endpoint);
    if (sourceAddress != null || forwardedTo != null) {
      URI server = forwardedTo != null ? forwardedTo : uri;
      return SourceAddressHttp.postForm(sourceAddress, server, uri, headers, Http.form(form));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Http.TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(Http.form(form)));
    headers.forEach(request::header);
    return OAuthResponse.of(Http.send(http, request.build()));
  }
}
