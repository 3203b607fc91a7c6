package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.DpopKey;
import dev.leash.keycloak.testsupport.HostileInputs;
import dev.leash.keycloak.testsupport.HostileInputs.HostileRequest;
import dev.leash.keycloak.testsupport.Http;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.SourceAddressHttp;
import dev.leash.keycloak.testsupport.TestUser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fuzzing the device grant's endpoints with malformed and hostile requests (seeded, so a failure
 * replays): the server never answers 5xx, never hands out a token, answers OAuth endpoints with an
 * OAuth error, never puts device text into a page unescaped, and loses no audit record. Someone
 * holding a real approved device code, but not the device's key, gets no token whatever they send.
 * The number of inputs tried is printed. Seed: system property {@code leash.fuzz.seed}; count:
 * {@code leash.fuzz.inputs}.
 */
@LeashKeycloakTest
class HostileInputIT {

  private static final Set<String> OAUTH_ERRORS =
      Set.of(
          "invalid_request",
          "invalid_client",
          "invalid_grant",
          "unauthorized_client",
          "unsupported_grant_type",
          "invalid_scope",
          "slow_down",
          "expired_token",
          "access_denied",
          "authorization_pending",
          "invalid_dpop_proof");

  /** A device client no Leash policy covers, with Keycloak's own polling interval of 0. */
  private static final String UNCOVERED_AGENT = "uncovered-agent";

  private static final TestUser APPROVER = TestUser.withPassword("fuzz-approver", "approver-pass");

  /** Below the per-address limit of wrong user codes (10 in 5 minutes). */
  private static final int PAGE_INPUTS_PER_ADDRESS = 5;

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
            RealmJson.addClient(
                json,
                Map.of(
                    "clientId",
                    UNCOVERED_AGENT,
                    "publicClient",
                    true,
                    "attributes",
                    Map.of(
                        "oauth2.device.authorization.grant.enabled", "true",
                        "oauth2.device.polling.interval", "0")));
            for (JsonNode policy : json.path("clientPolicies").path("policies")) {
              for (JsonNode condition : policy.path("conditions")) {
                ((ObjectNode) condition.path("configuration")).put("device-grant-clients", false);
              }
            }
          });

  private final HttpClient http = Http.client();
  private final Map<String, Integer> statuses = new TreeMap<>();
  private long issuedCodes;

  @Test
  void malformedRequestsGetOAuthErrorsAndNeverATokenOrA5xx(KeycloakServer server) throws Exception {
    Instant startedAt = Instant.now();
    long seed = Long.getLong("leash.fuzz.seed", 8628L);
    int inputs = Integer.getInteger("leash.fuzz.inputs", 600);
    HostileInputs hostile = new HostileInputs(seed, DemoRealm.AGENT_CLIENT_ID);
    URI oidc = URI.create(server.realmUri(DemoRealm.NAME) + "/protocol/openid-connect/");
    URI devicePage = URI.create(server.realmUri(DemoRealm.NAME) + "/device");

    for (int i = 0; i < inputs; i++) {
      HostileRequest request = hostile.next(i % 2 == 1);
      URI endpoint = oidc.resolve(i % 2 == 1 ? "token" : "auth/device");
      checkOAuthAnswer(i, seed, request, post(endpoint, request));
      if (i % 3 == 0) {
        checkPage(
            i,
            seed,
            SourceAddressHttp.get(
                freshAddress(i / 3),
                URI.create(devicePage + "?user_code=" + hostile.encodedValue())));
      }
    }
    int tried = inputs + (inputs + 2) / 3;
    System.out.printf(
        "HostileInputIT: %d hostile inputs tried (seed %d); statuses %s%n", tried, seed, statuses);
    assertEveryIssuedCodeHasAnIntactRecord(server, startedAt);
  }

  /**
   * No audit record lost or malformed: every device code the fuzzing got has its grant record,
   * every record of the time reads as a record, and the realm's chain verifies.
   */
  private void assertEveryIssuedCodeHasAnIntactRecord(KeycloakServer server, Instant startedAt) {
    AuditApi audit = new AuditApi(server.admin(), DemoRealm.NAME);
    JsonNode records =
        Json.parse(
            audit
                .get(
                    "?agent="
                        + DemoRealm.AGENT_CLIENT_ID
                        + "&from="
                        + startedAt.minusSeconds(1)
                        + "&max=1000")
                .body());
    long grants = 0;
    for (JsonNode record : records) {
      assertTrue(record.path("record_id").isTextual(), record::toString);
      assertTrue(record.path("outcome").isTextual(), record::toString);
      if ("device_grant".equals(record.path("kind").asText())) {
        grants++;
      }
    }
    assertTrue(
        grants >= issuedCodes,
        grants + " grant records for " + issuedCodes + " device codes issued: " + records);
    JsonNode verify = Json.parse(audit.get("/verify").body());
    assertTrue(verify.path("intact").asBoolean(), verify::toString);
  }

  private void checkOAuthAnswer(
      int i, long seed, HostileRequest request, HttpResponse<String> answer) {
    String context =
        "input "
            + i
            + " (seed "
            + seed
            + "): "
            + shortened(request.toString())
            + " -> "
            + answer.statusCode()
            + " "
            + answer.body();
    count(answer);
    if (answer.statusCode() == 200 && answer.body().contains("device_code")) {
      issuedCodes++;
    }
    assertTrue(answer.statusCode() < 500, context);
    assertFalse(answer.body().contains("access_token"), context);
    if (answer.statusCode() >= 400 && isJson(answer)) {
      JsonNode error = Json.parse(answer.body());
      assertTrue(OAUTH_ERRORS.contains(error.path("error").asText()), context);
    }
    assertFalse(answer.body().contains(HostileInputs.MARKUP), context);
  }

  /**
   * A loopback source address used for at most {@link #PAGE_INPUTS_PER_ADDRESS} page inputs, so the
   * per-address limit on wrong user codes does not answer them all with 429 before the page ever
   * reads them.
   */
  private static InetAddress freshAddress(int pageInput) throws IOException {
    int host = pageInput / PAGE_INPUTS_PER_ADDRESS;
    return InetAddress.getByAddress(
        new byte[] {127, 1, (byte) (host / 250), (byte) (host % 250 + 1)});
  }

  private void checkPage(int i, long seed, SourceAddressHttp.Answer page) {
    statuses.merge(Integer.toString(page.status()), 1, Integer::sum);
    String context = "device page, input " + i + " (seed " + seed + "): " + shortened(page.body());
    assertTrue(page.status() < 500, context);
    assertTrue(page.status() != 429, "the page must read the input, not refuse it: " + context);
    assertFalse(page.body().contains(HostileInputs.MARKUP), context);
  }

  private HttpResponse<String> post(URI endpoint, HostileRequest request) throws IOException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(endpoint)
            .timeout(Http.TIMEOUT)
            .header("Content-Type", request.contentType())
            .POST(HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    request.headers().forEach(builder::header);
    return send(builder.build());
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private void count(HttpResponse<String> answer) {
    statuses.merge(Integer.toString(answer.statusCode()), 1, Integer::sum);
  }

  /** Oversized inputs would bury the answer in a failure message. */
  private static String shortened(String text) {
    return text.length() <= 600 ? text : text.substring(0, 600) + "…(" + text.length() + " chars)";
  }

  private static boolean isJson(HttpResponse<String> answer) {
    return answer
        .headers()
        .firstValue("Content-Type")
        .map(type -> type.startsWith("application/json"))
        .orElse(false);
  }

  /**
   * A thief holds a real device code, approved and bound to the device's DPoP key, but not the key:
   * token requests with any proof but the device's (none, another key's, one made for another URL
   * or method, garbage, two at once), any client id, the code duplicated, padded or re-cased, extra
   * and oversized parameters. None gets a token or a 5xx, and none burns the code: the device then
   * gets its tokens, once.
   */
  @Test
  void aThiefWithTheApprovedCodeButNotTheKeyNeverGetsItsTokens(KeycloakServer server) {
    long seed = Long.getLong("leash.fuzz.seed", 8628L);
    int inputs = Integer.getInteger("leash.fuzz.thief-inputs", 150);
    DpopKey deviceKey = DpopKey.generate();
    DeviceFlowClient device = demo.realm().agent().withDpop(deviceKey);
    OAuthResponse authorization = device.authorize("openid");
    assertEquals(200, authorization.status(), authorization::toString);
    demo.realm().approverAs(APPROVER).approve(authorization);
    URI token = device.endpoint("token");
    ThiefRequests thief = new ThiefRequests(new Random(seed), authorization.deviceCode(), token);

    for (int i = 0; i < inputs; i++) {
      ThiefRequests.Request request = thief.next();
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(token)
              .timeout(Http.TIMEOUT)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(request.form(), StandardCharsets.UTF_8));
      request.proofs().forEach(proof -> builder.header("DPoP", proof));
      HttpResponse<String> answer = sendQuietly(builder.build());
      String context = "thief input " + i + " (seed " + seed + "): " + request + " -> " + answer;
      count(answer);
      assertTrue(answer.statusCode() >= 400 && answer.statusCode() < 500, context);
      assertFalse(answer.body().contains("access_token"), context);
      assertTrue(OAUTH_ERRORS.contains(Json.parse(answer.body()).path("error").asText()), context);
    }
    System.out.printf(
        "HostileInputIT: %d thief token requests tried (seed %d); statuses %s%n",
        inputs, seed, statuses);

    OAuthResponse tokens = device.pollUntilSettled(authorization, Duration.ofSeconds(30));
    assertEquals(200, tokens.status(), tokens::toString);
    assertEquals("invalid_grant", device.poll(authorization.deviceCode()).error());
  }

  /**
   * Token requests a thief can make with a stolen device code: everything but a proof by the
   * device's key. Seeded.
   */
  private static final class ThiefRequests {

    record Request(String form, List<String> proofs) {
      @Override
      public String toString() {
        return shortened(form) + " with " + proofs.size() + " DPoP header(s)";
      }
    }

    private final Random random;
    private final String code;
    private final URI token;

    ThiefRequests(Random random, String code, URI token) {
      this.random = random;
      this.code = code;
      this.token = token;
    }

    Request next() {
      Map<String, List<String>> form = new LinkedHashMap<>();
      form.put("grant_type", List.of(DeviceFlowClient.DEVICE_CODE_GRANT));
      form.put("device_code", deviceCodes());
      form.put("client_id", List.of(clientId()));
      if (random.nextInt(4) == 0) {
        form.put(
            "scope", List.of(random.nextBoolean() ? "openid offline_access" : "x".repeat(5000)));
      }
      return new Request(encode(form), proofs());
    }

    private List<String> deviceCodes() {
      return switch (random.nextInt(6)) {
        case 0 -> List.of(code, "garbage");
        case 1 -> List.of("garbage", code);
        case 2 -> List.of(" " + code + " ");
        case 3 -> List.of(code.toUpperCase(Locale.ROOT));
        case 4 -> List.of(code + HostileInputs.MARKUP);
        default -> List.of(code);
      };
    }

    private String clientId() {
      return switch (random.nextInt(4)) {
        case 0 -> UNCOVERED_AGENT;
        case 1 -> "no-such-client";
        default -> DemoRealm.AGENT_CLIENT_ID;
      };
    }

    private List<String> proofs() {
      DpopKey other = DpopKey.generate();
      return switch (random.nextInt(6)) {
        case 0 -> List.of();
        case 1 -> List.of(other.proof("POST", token.resolve("auth/device")));
        case 2 -> List.of(other.proof("GET", token));
        case 3 -> List.of("eyJhbGciOiJFUzI1NiJ9.e30.AAAA");
        case 4 -> List.of(other.proof("POST", token), DpopKey.generate().proof("POST", token));
        default -> List.of(other.proof("POST", token));
      };
    }

    private static String encode(Map<String, List<String>> form) {
      List<String> pairs = new ArrayList<>();
      form.forEach(
          (name, values) ->
              values.forEach(
                  value ->
                      pairs.add(
                          URLEncoder.encode(name, StandardCharsets.UTF_8)
                              + "="
                              + URLEncoder.encode(value, StandardCharsets.UTF_8))));
      return String.join("&", pairs);
    }
  }

  private HttpResponse<String> sendQuietly(HttpRequest request) {
    try {
      return send(request);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCodeWithAZeroPollingIntervalGetsAnOAuthErrorNotA5xx(KeycloakServer server) {
    DeviceFlowClient uncovered = new DeviceFlowClient(server, DemoRealm.NAME, UNCOVERED_AGENT);
    OAuthResponse authorization = uncovered.authorize("openid");
    assertEquals(200, authorization.status(), "Keycloak itself issues the code");
    assertEquals(0, authorization.interval());

    OAuthResponse poll = uncovered.poll(authorization.deviceCode());
    assertEquals(400, poll.status(), poll::toString);
    assertEquals("invalid_grant", poll.error());
    assertTrue(poll.errorDescription().contains("polling interval"), poll::toString);
  }

  /**
   * Every realm's device codes share one single-use store, where Keycloak reads a code of another
   * realm as none: polling it at this realm's token endpoint is an unknown code, not a 500.
   */
  @Test
  void aDeviceCodeOfAnotherRealmIsUnknownNotA5xx(KeycloakServer server) {
    String otherRealm = "leash-other-realm";
    String otherAgent = "other-agent";
    server
        .admin()
        .importRealm(
            Json.write(
                Map.of(
                    "realm",
                    otherRealm,
                    "enabled",
                    true,
                    "clients",
                    List.of(
                        Map.of(
                            "clientId",
                            otherAgent,
                            "publicClient",
                            true,
                            "attributes",
                            Map.of("oauth2.device.authorization.grant.enabled", "true"))))));
    try {
      OAuthResponse authorization = demo.realm().agent().authorize("openid");
      assertEquals(200, authorization.status(), authorization::toString);
      DeviceFlowClient elsewhere = new DeviceFlowClient(server, otherRealm, otherAgent);
      // Polled again at once, it is still unknown, not too soon: Leash keeps no pace for a code
      // the store does not hold, so made-up codes leave nothing behind.
      for (int poll = 0; poll < 3; poll++) {
        OAuthResponse answer = elsewhere.poll(authorization.deviceCode());
        assertEquals(400, answer.status(), answer::toString);
        assertEquals("invalid_grant", answer.error(), answer::toString);
      }
    } finally {
      server.admin().deleteRealm(otherRealm);
    }
  }

  @Test
  void theGeneratorReplaysFromItsSeed() {
    HostileRequest first = new HostileInputs(1, "a").next(true);
    assertEquals(first, new HostileInputs(1, "a").next(true));
  }
}
