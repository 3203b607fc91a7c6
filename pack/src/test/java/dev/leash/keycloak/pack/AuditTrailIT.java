package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Http;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code leash-audit} on a real server, as the demo realm enables it: one approval record per grant
 * with what Leash and Keycloak decided, read back through the admin API, and a hash chain that
 * verifies. Step-up is out of this realm's flow, so approvals carry no second factor here.
 */
@LeashKeycloakTest
class AuditTrailIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final TestUser APPROVER = TestUser.withPassword("au-approver", "approver-pass");

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
          });

  private static AdminClient admin;

  @BeforeAll
  static void connect(KeycloakServer server) {
    admin = server.admin();
  }

  @Test
  void aFullApprovalMakesOneCompleteRecord() {
    DeviceFlowClient agent = demo.realm().agent();
    String instance = UUID.randomUUID().toString();
    Map<String, String> request = new LinkedHashMap<>();
    request.put("scope", "openid profile");
    request.put("agent_name", "<b>audit-bot</b>");
    request.put("agent_instance", instance);
    request.put("purpose", "nightly \u202e report");
    OAuthResponse authorization = agent.authorize(request);
    assertEquals(200, authorization.status(), authorization::toString);

    demo.realm().approverAs(APPROVER).approve(authorization);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    JsonNode claims = Jwt.claims(tokens.accessToken());

    List<JsonNode> records = recordsWhere("device/claimed/agent_instance", instance);
    assertEquals(1, records.size(), records::toString);
    JsonNode record = records.get(0);
    assertEquals("leash.approval-record/1", record.path("schema").asText());
    assertEquals("device_grant", record.path("kind").asText());
    assertEquals(claims.path("agent").path("approval_id").asText(), text(record, "approval_id"));
    assertEquals("approved", text(record, "outcome"));
    assertEquals("demo-agent", text(record, "agent/client_id"));
    assertEquals(List.of("openid", "profile"), strings(record.at("/requested/scopes")));
    assertEquals("127.0.0.1", text(record, "device/verified/ip"));
    assertEquals("ip", text(record, "device/verified/binding"));
    assertEquals("<b>audit-bot</b>", text(record, "device/claimed/agent_name"));
    assertEquals(
        "nightly \uFFFD report",
        text(record, "device/claimed/purpose"),
        "a bidirectional override is neutralised");
    assertEquals("approved", text(record, "decision/result"));
    assertEquals(APPROVER.username(), text(record, "decision/approver/username"));
    assertEquals(claims.path("sub").asText(), text(record, "decision/approver/id"));
    assertFalse(record.at("/decision").has("step_up_factor"), "no step-up in this flow");
    JsonNode token = record.at("/tokens/0");
    assertEquals(claims.path("jti").asText(), token.path("jti").asText());
    assertEquals(claims.path("acr").asText(), token.path("acr").asText());
    assertFalse(token.path("refresh_token").asBoolean());
    assertEquals(1, record.at("/tokens").size());
  }

  @Test
  void aDenialIsRecordedWithWhoDenied() {
    DeviceFlowClient agent = demo.realm().agent();
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        agent.authorize(Map.of("scope", "openid", "agent_instance", instance));
    demo.realm().approverAs(APPROVER).deny(authorization);
    assertEquals("access_denied", agent.pollUntilSettled(authorization, SETTLE_TIMEOUT).error());

    JsonNode record = recordsWhere("device/claimed/agent_instance", instance).get(0);
    assertEquals("denied", text(record, "outcome"));
    assertEquals("denied", text(record, "decision/result"));
    assertEquals("leash_denied_by_approver", text(record, "decision/reason"));
    assertEquals(APPROVER.username(), text(record, "decision/approver/username"));
    assertEquals(1, record.at("/rejected_polls/access_denied/count").asInt(), record::toString);
  }

  @Test
  void pollsFromAnotherDeviceAreCountedOnTheRecord() throws Exception {
    String instance = UUID.randomUUID().toString();
    OAuthResponse authorization =
        demo.realm().agent().authorize(Map.of("scope", "openid", "agent_instance", instance));
    DeviceFlowClient thief = demo.realm().agent().from(InetAddress.getByName("127.0.0.2"));
    for (int poll = 0; poll < 3; poll++) {
      assertEquals("invalid_grant", thief.poll(authorization.deviceCode()).error());
    }

    JsonNode record = recordsWhere("device/claimed/agent_instance", instance).get(0);
    JsonNode mismatches = record.at("/rejected_polls/leash_binding_mismatch");
    assertEquals(3, mismatches.path("count").asInt(), record::toString);
    assertEquals("pending", text(record, "outcome"));
  }

  @Test
  void aRefusedScopeIsTalliedPerAgentAndError() {
    for (int request = 0; request < 2; request++) {
      OAuthResponse refused = demo.realm().agent().authorize("openid phone");
      assertEquals("invalid_scope", refused.error(), refused::toString);
    }

    List<JsonNode> tallies = recordsWhere("refusal/error", "invalid_scope");
    assertEquals(1, tallies.size(), tallies::toString);
    JsonNode tally = tallies.get(0);
    assertEquals("refused_device_requests", text(tally, "kind"));
    assertEquals("refused", text(tally, "outcome"));
    assertEquals("demo-agent", text(tally, "agent/client_id"));
    assertTrue(tally.at("/refusal/count").asInt() >= 2, tally::toString);
    assertTrue(text(tally, "refusal/description").contains("phone"), tally::toString);
  }

  @Test
  void theChainVerifies() {
    OAuthResponse authorization = demo.realm().agent().authorize("openid");
    demo.realm().approverAs(APPROVER).approve(authorization);
    assertEquals(
        200, demo.realm().agent().pollUntilSettled(authorization, SETTLE_TIMEOUT).status());

    JsonNode verification = awaitSealed();
    assertTrue(verification.path("intact").asBoolean(), verification::toString);
    assertEquals(
        verification.path("last_seq").asLong(),
        verification.path("entries").asLong(),
        verification::toString);
  }

  @Test
  void theAuditApiIsForAdminsWhoMayViewEvents(KeycloakServer server) {
    HttpClient http = Http.client();
    String token =
        Json.parse(
                Http.send(
                        http,
                        HttpRequest.newBuilder(
                                server
                                    .realmUri(DemoRealm.NAME)
                                    .resolve(
                                        "/realms/"
                                            + DemoRealm.NAME
                                            + "/protocol/openid-connect/token"))
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
                                            APPROVER.username(),
                                            "password",
                                            APPROVER.password()))))
                            .build())
                    .body())
            .path("access_token")
            .asText();
    HttpResponse<String> answer =
        Http.send(
            http,
            HttpRequest.newBuilder(server.baseUri().resolve(auditPath("")))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
    assertEquals(403, answer.statusCode(), answer::body);
  }

  /** Waits until every record version queued so far is sealed, and returns the verification. */
  private static JsonNode awaitSealed() {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    JsonNode verification = admin.get(auditPath("/verify"));
    while (verification.path("last_seq").asLong() == 0 && System.nanoTime() < deadline) {
      pause();
      verification = admin.get(auditPath("/verify"));
    }
    return verification;
  }

  /**
   * The realm's records whose field at {@code path} equals {@code value}, once there is at least
   * one: facts that roll their request back arrive in a transaction of their own, just after the
   * answer.
   */
  private static List<JsonNode> recordsWhere(String path, String value) {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    List<JsonNode> found = new ArrayList<>();
    while (found.isEmpty() && System.nanoTime() < deadline) {
      for (JsonNode record : admin.get(auditPath("?max=1000"))) {
        if (value.equals(record.at("/" + path).asText(null))) {
          found.add(record);
        }
      }
      if (found.isEmpty()) {
        pause();
      }
    }
    return found;
  }

  private static String auditPath(String rest) {
    return "/admin/realms/" + DemoRealm.NAME + "/leash/audit" + rest;
  }

  private static String text(JsonNode record, String path) {
    return record.at("/" + path).asText(null);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
