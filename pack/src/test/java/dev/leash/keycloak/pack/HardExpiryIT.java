package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.ClientProfiles;
import dev.leash.keycloak.testsupport.DefaultClientScope;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.Http;
import dev.leash.keycloak.testsupport.Introspector;
import dev.leash.keycloak.testsupport.Jwt;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code leash-hard-expiry} and Leash's device grant on a real server: the approved window is a
 * hard end. Lifetimes are seconds long; the polling interval is 1 s. Each test sets the executor's
 * settings it needs through the admin API, as an admin would in the console.
 */
@LeashKeycloakTest
class HardExpiryIT {

  private static final String EXECUTOR = "leash-hard-expiry";
  private static final String RESOURCE_SERVER = "resource-server";
  private static final String RESOURCE_SERVER_SECRET = "resource-server-secret";
  private static final String PASSWORD_PROBE = "password-probe";
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

  private static final TestUser APPROVER = TestUser.withPassword("hex-approver", "approver-pass");
  private static final TestUser WINDOW_USER = TestUser.withPassword("hex-window", "window-pass");
  private static final TestUser LOCKED_USER = TestUser.withPassword("hex-locked", "locked-pass");

  /** An approver who may hand out offline tokens (Keycloak's {@code offline_access} role). */
  private static final TestUser OFFLINE_USER = TestUser.withPassword("hex-offline", "offline-pass");

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            // offline_access is this executor's to refuse or allow here, not the scope limit's.
            RealmJson.executorConfiguration(json, "leash-scope-limit")
                .withArray("allowed-scopes")
                .add("offline_access");
            RealmJson.addAudience(json, DemoRealm.AGENT_CLIENT_ID, RESOURCE_SERVER);
            json.put("failureFactor", 3);
            RealmJson.addPasswordUser(json, APPROVER);
            RealmJson.addPasswordUser(json, WINDOW_USER);
            RealmJson.addPasswordUser(json, LOCKED_USER);
            RealmJson.addPasswordUser(json, OFFLINE_USER);
            ObjectNode offlineUser =
                (ObjectNode) json.path("users").get(json.path("users").size() - 1);
            offlineUser.putArray("realmRoles").add("offline_access");
            // As in a realm Keycloak creates: the offline_access scope brings the role along.
            json.withArray("scopeMappings")
                .addObject()
                .put("clientScope", "offline_access")
                .putArray("roles")
                .add("offline_access");
            RealmJson.addClient(
                json,
                Map.of(
                    "clientId", RESOURCE_SERVER,
                    "secret", RESOURCE_SERVER_SECRET,
                    "publicClient", false,
                    "standardFlowEnabled", false,
                    "directAccessGrantsEnabled", false));
            RealmJson.addClient(
                json,
                Map.of(
                    "clientId", PASSWORD_PROBE,
                    "publicClient", true,
                    "standardFlowEnabled", false,
                    "directAccessGrantsEnabled", true));
          });

  private static KeycloakServer server;
  private static DemoRealm realm;
  private static ClientProfiles profiles;

  @BeforeAll
  static void connect(KeycloakServer keycloak) {
    server = keycloak;
    realm = demo.realm();
    profiles = new ClientProfiles(server, DemoRealm.NAME);
  }

  @Test
  void everyPollAfterTheDeadlineAnswersExpiredToken() throws Exception {
    policy(settings().codeLifetimeCap(3));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    Instant deadline = Instant.now().plusSeconds(3);
    // The realm says 600 s; the response tells the capped truth.
    assertTrue(
        authorization.expiresIn() >= 2 && authorization.expiresIn() <= 3, authorization::toString);

    assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());
    sleepUntil(deadline.plusMillis(500));
    for (int poll = 0; poll < 3; poll++) {
      OAuthResponse answer = agent.poll(authorization.deviceCode());
      assertEquals("expired_token", answer.error(), answer::toString);
      sleep(Duration.ofMillis(1200));
    }
  }

  @Test
  void approvalJustBeforeTheDeadlineYieldsNoToken() throws Exception {
    policy(settings().codeLifetimeCap(6));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    Instant deadline = Instant.now().plusSeconds(6);

    Page done = realm.approverAs(APPROVER).approve(authorization);
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
    assertTrue(Instant.now().isBefore(deadline), "the approval came too late for this test");

    sleepUntil(deadline.plusMillis(500));
    OAuthResponse first = agent.poll(authorization.deviceCode());
    assertEquals("expired_token", first.error(), first::toString);
    sleep(Duration.ofMillis(1200));
    assertEquals("expired_token", agent.poll(authorization.deviceCode()).error());
  }

  @Test
  void enteringTheCodeAfterTheDeadlineShowsTheExpiredPage() throws Exception {
    policy(settings().codeLifetimeCap(2));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    sleep(Duration.ofSeconds(3));

    Page page = realm.approverAs(APPROVER).approve(authorization);
    assertExpiredPage(page);
    assertEquals("expired_token", agent.poll(authorization.deviceCode()).error());
  }

  @Test
  void approvalSubmittedAfterTheDeadlineShowsTheExpiredPage() throws Exception {
    policy(settings().codeLifetimeCap(5));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    Instant deadline = Instant.now().plusSeconds(5);

    Page approvalScreen = realm.approverAs(APPROVER).signIn(authorization);
    assertTrue(approvalScreen.has("#leash-approval-form"), approvalScreen::toString);
    sleepUntil(deadline.plusMillis(1500));
    Page page =
        approvalScreen.form("#leash-approval-form").orElseThrow().submit("decision", "approve");

    assertExpiredPage(page);
    assertEquals("expired_token", agent.poll(authorization.deviceCode()).error());
  }

  @Test
  void consentSubmittedAfterTheDeadlineShowsTheExpiredPage() throws Exception {
    policy(settings().codeLifetimeCap(5));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    Instant deadline = Instant.now().plusSeconds(5);

    Page approvalScreen = realm.approverAs(APPROVER).signIn(authorization);
    Page consent =
        approvalScreen.form("#leash-approval-form").orElseThrow().submit("decision", "approve");
    assertTrue(consent.has("[name=accept]"), consent::toString);
    sleepUntil(deadline.plusMillis(1500));
    Page page = consent.form("[name=accept]").orElseThrow().submit("accept");

    assertExpiredPage(page);
    assertEquals("expired_token", agent.poll(authorization.deviceCode()).error());
  }

  @Test
  void offlineAccessIsRefusedUnlessAllowed() {
    policy(settings());
    OAuthResponse refused = realm.agent().authorize("openid offline_access");
    assertEquals(400, refused.status(), refused::toString);
    assertEquals("invalid_scope", refused.error());
    assertTrue(refused.errorDescription().contains("offline_access"), refused::toString);
  }

  /** Keycloak grants a default scope unasked: offline_access as one is refused all the same. */
  @Test
  void offlineAccessAsADefaultScopeIsRefusedUnlessAllowed() {
    policy(settings());
    try (DefaultClientScope offline =
        DefaultClientScope.make(
            server, DemoRealm.NAME, DemoRealm.AGENT_CLIENT_ID, "offline_access")) {
      OAuthResponse refused = realm.agent().authorize("openid");
      assertEquals("invalid_scope", refused.error(), refused::toString);
      assertTrue(refused.errorDescription().contains("default scope"), refused::toString);
    }
    assertEquals(200, realm.agent().authorize("openid").status());
  }

  /**
   * Keycloak copies the client session into the offline session before Leash learns of the tokens:
   * the window's end reaches that copy too, so an offline refresh ends with the window as well.
   */
  @Test
  void offlineRefreshIsCappedToTheWindowToo() throws Exception {
    policy(settings().approvalWindow(8).refreshTokensAllowed(true).offlineAccessAllowed(true));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid offline_access");
    realm.approverAs(OFFLINE_USER).approve(authorization);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    assertEquals(
        "Offline", Jwt.claims(tokens.refreshToken()).path("typ").asText(), tokens::toString);
    Instant windowEnd =
        Instant.ofEpochSecond(Jwt.claims(tokens.accessToken()).path("exp").asLong());

    OAuthResponse refreshed = agent.refresh(tokens.refreshToken());
    assertEquals(200, refreshed.status(), refreshed::toString);
    assertTrue(
        Jwt.claims(refreshed.accessToken()).path("exp").asLong() <= windowEnd.getEpochSecond(),
        refreshed::toString);

    sleepUntil(windowEnd.plusSeconds(3));
    OAuthResponse late = agent.refresh(refreshed.refreshToken());
    assertEquals("invalid_grant", late.error(), late::toString);
  }

  @Test
  void aPollingIntervalOfZeroIsRefusedWithAClearMessage() {
    policy(settings());
    String clients = "/admin/realms/" + DemoRealm.NAME + "/clients";
    ObjectNode agent =
        (ObjectNode) server.admin().get(clients + "?clientId=" + DemoRealm.AGENT_CLIENT_ID).path(0);
    String agentPath = clients + "/" + agent.path("id").asText();
    ((ObjectNode) agent.path("attributes")).put("oauth2.device.polling.interval", "0");
    assertEquals(204, server.admin().put(agentPath, agent).statusCode());
    try {
      OAuthResponse refused = realm.agent().authorize("openid");
      assertEquals(400, refused.status(), refused::toString);
      assertEquals("invalid_request", refused.error(), refused::toString);
      assertTrue(refused.errorDescription().contains("polling interval"), refused::toString);
    } finally {
      // Keycloak keeps attributes an update leaves out; a blank one means "the realm's interval".
      ((ObjectNode) agent.path("attributes")).put("oauth2.device.polling.interval", "");
      assertEquals(204, server.admin().put(agentPath, agent).statusCode());
      assertEquals(200, realm.agent().authorize("openid").status());
    }
  }

  @Test
  void clientCannotSendLeashParameters() {
    policy(settings());
    Map<String, String> forged = new LinkedHashMap<>();
    forged.put("scope", "openid");
    forged.put("leash_deadline", "99999999999");
    OAuthResponse refused = realm.agent().authorize(forged);
    assertEquals("invalid_request", refused.error(), refused::toString);
    assertTrue(refused.errorDescription().contains("leash_deadline"), refused::toString);
  }

  @Test
  void tokensHaveNoRefreshTokenAndEndWithTheWindow() throws Exception {
    policy(settings().approvalWindow(20));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    realm.approverAs(APPROVER).approve(authorization);

    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    assertNull(tokens.refreshToken(), tokens::toString);
    JsonNode claims = Jwt.claims(tokens.accessToken());
    long lifetime = claims.path("exp").asLong() - claims.path("iat").asLong();
    assertTrue(lifetime > 0 && lifetime <= 20, "access token lifetime " + lifetime);
    assertTrue(tokens.expiresIn() <= 20, tokens::toString);

    sleep(Duration.ofMillis(1200));
    OAuthResponse replay = agent.poll(authorization.deviceCode());
    assertEquals("invalid_grant", replay.error(), replay::toString);

    assertEquals(401, keycloakApiStatus("/realms/leash-demo/account/", tokens.accessToken()));
    assertEquals(
        401, keycloakApiStatus("/admin/realms/leash-demo/users/count", tokens.accessToken()));
  }

  @Test
  void refreshIsCappedToTheWindowAndEverythingEndsWithIt() throws Exception {
    policy(settings().approvalWindow(8).refreshTokensAllowed(true));
    DeviceFlowClient agent = realm.agent();
    Introspector resourceServer =
        new Introspector(server, DemoRealm.NAME, RESOURCE_SERVER, RESOURCE_SERVER_SECRET);
    OAuthResponse authorization = agent.authorize("openid");
    realm.approverAs(WINDOW_USER).approve(authorization);
    OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals(200, tokens.status(), tokens::toString);
    Instant windowEnd =
        Instant.ofEpochSecond(Jwt.claims(tokens.accessToken()).path("exp").asLong());

    assertNotNull(tokens.refreshToken(), tokens::toString);
    assertTrue(tokens.json().path("refresh_expires_in").asInt() <= 8, tokens::toString);
    assertTrue(resourceServer.introspect(tokens.accessToken()).path("active").asBoolean());
    OAuthResponse refreshed = agent.refresh(tokens.refreshToken());
    assertEquals(200, refreshed.status(), refreshed::toString);
    assertTrue(
        Jwt.claims(refreshed.accessToken()).path("exp").asLong() <= windowEnd.getEpochSecond(),
        refreshed::toString);
    assertEquals(1, agentSessionsOf(WINDOW_USER));
    // A refreshed token is still the agent's: Keycloak's own APIs stay closed to it.
    assertEquals(401, keycloakApiStatus("/realms/leash-demo/account/", refreshed.accessToken()));
    assertEquals(
        401, keycloakApiStatus("/admin/realms/leash-demo/users/count", refreshed.accessToken()));

    sleepUntil(windowEnd.plusSeconds(3)); // the sweep runs every second in tests
    OAuthResponse late = agent.refresh(refreshed.refreshToken());
    assertEquals("invalid_grant", late.error(), late::toString);
    assertFalse(resourceServer.introspect(tokens.accessToken()).path("active").asBoolean());
    assertFalse(resourceServer.introspect(refreshed.accessToken()).path("active").asBoolean());
    assertEquals(0, agentSessionsOf(WINDOW_USER), "the agent's client session was not ended");
  }

  /**
   * Without {@code leash-hard-expiry} nothing shapes a refresh, and Keycloak issues refresh tokens
   * for the device grant by default: a refreshed agent token is still kept out of Keycloak's own
   * APIs, by Leash's refresh grant.
   */
  @Test
  void aTokenRefreshedWithoutHardExpiryStaysOutOfKeycloaksApis() {
    JsonNode before = profiles.snapshot();
    try {
      profiles.remove("leash-hard-expiry");
      DeviceFlowClient agent = realm.agent();
      OAuthResponse authorization = agent.authorize("openid");
      realm.approverAs(APPROVER).approve(authorization);
      OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
      assertNotNull(tokens.refreshToken(), tokens::toString);
      OAuthResponse refreshed = agent.refresh(tokens.refreshToken());
      assertEquals(200, refreshed.status(), refreshed::toString);

      assertEquals(401, keycloakApiStatus("/realms/leash-demo/account/", refreshed.accessToken()));
      assertEquals(
          401, keycloakApiStatus("/admin/realms/leash-demo/users/count", refreshed.accessToken()));
    } finally {
      profiles.restore(before);
    }
  }

  @Test
  void slowDownGrowsByFiveSecondsAndAbuseRevokesTheCode() {
    policy(settings().pollAbuseLimit(3));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    String deviceCode = authorization.deviceCode();

    assertEquals("authorization_pending", agent.poll(deviceCode).error());
    for (long expected : new long[] {6, 11, 16}) {
      OAuthResponse answer = agent.poll(deviceCode);
      assertEquals("slow_down", answer.error(), answer::toString);
      assertTrue(answer.errorDescription().contains(expected + " seconds"), answer::toString);
    }
    for (int poll = 0; poll < 2; poll++) {
      OAuthResponse revoked = agent.poll(deviceCode);
      assertEquals("invalid_grant", revoked.error(), revoked::toString);
      assertTrue(revoked.errorDescription().contains("revoked"), revoked::toString);
    }
  }

  /**
   * A made-up code leaves no pacing entry in the single-use store: were it paced, a stream of them
   * would fill the store, one entry per request. So a second poll at once is unknown again, not too
   * soon.
   */
  @Test
  void pollsOfUnknownCodesAreAnsweredWithoutPacing() {
    policy(settings());
    DeviceFlowClient agent = realm.agent();
    String unknown = "not-a-code-" + System.nanoTime();
    assertEquals("invalid_grant", agent.poll(unknown).error());
    assertEquals("invalid_grant", agent.poll(unknown).error());
    assertEquals("invalid_grant", agent.poll("bad code with spaces").error());
  }

  @Test
  void twentyConcurrentPollsOfAnApprovedCodeIssueTokensOnce() throws Exception {
    policy(settings().pollAbuseLimit(50));
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    realm.approverAs(APPROVER).approve(authorization);

    List<OAuthResponse> answers = pollConcurrently(agent, authorization.deviceCode(), 20);
    long issued = answers.stream().filter(answer -> answer.status() == 200).count();
    assertEquals(1, issued, answers::toString);
    answers.stream()
        .filter(answer -> answer.status() != 200)
        .forEach(
            answer ->
                assertTrue(
                    List.of("slow_down", "invalid_grant").contains(answer.error()),
                    answer::toString));
  }

  @Test
  void userLockedByBruteForceProtectionGetsNoToken() throws Exception {
    policy(settings());
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    realm.approverAs(LOCKED_USER).approve(authorization);
    DeviceFlowClient passwordClient = new DeviceFlowClient(server, DemoRealm.NAME, PASSWORD_PROBE);
    for (int attempt = 0; attempt < 3; attempt++) {
      passwordClient.send(
          "token",
          Map.of(
              "grant_type", "password", "username", LOCKED_USER.username(), "password", "wrong"));
    }

    OAuthResponse answer = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals("invalid_grant", answer.error(), answer::toString);
    assertNull(answer.accessToken());
  }

  // --- helpers ---

  private static void assertExpiredPage(Page page) {
    assertEquals(400, page.status(), page::toString);
    assertTrue(page.text().contains("This request has expired"), page::toString);
    assertTrue(page.text().contains("Ask the agent to start again"), page::toString);
  }

  private static PolicySettings settings() {
    return new PolicySettings(600, 900, false, false, 300, 10);
  }

  private static void policy(PolicySettings settings) {
    profiles.configure(EXECUTOR, settings.asConfiguration());
  }

  /** The {@code leash-hard-expiry} settings a test uses; defaults are the demo realm's. */
  private record PolicySettings(
      long codeLifetimeCap,
      long approvalWindow,
      boolean refreshTokensAllowed,
      boolean offlineAccessAllowed,
      long accessTokenLifetimeCap,
      int pollAbuseLimit) {

    PolicySettings codeLifetimeCap(long seconds) {
      return new PolicySettings(
          seconds,
          approvalWindow,
          refreshTokensAllowed,
          offlineAccessAllowed,
          accessTokenLifetimeCap,
          pollAbuseLimit);
    }

    PolicySettings approvalWindow(long seconds) {
      return new PolicySettings(
          codeLifetimeCap,
          seconds,
          refreshTokensAllowed,
          offlineAccessAllowed,
          accessTokenLifetimeCap,
          pollAbuseLimit);
    }

    PolicySettings refreshTokensAllowed(boolean allowed) {
      return new PolicySettings(
          codeLifetimeCap,
          approvalWindow,
          allowed,
          offlineAccessAllowed,
          accessTokenLifetimeCap,
          pollAbuseLimit);
    }

    PolicySettings offlineAccessAllowed(boolean allowed) {
      return new PolicySettings(
          codeLifetimeCap,
          approvalWindow,
          refreshTokensAllowed,
          allowed,
          accessTokenLifetimeCap,
          pollAbuseLimit);
    }

    PolicySettings pollAbuseLimit(int limit) {
      return new PolicySettings(
          codeLifetimeCap,
          approvalWindow,
          refreshTokensAllowed,
          offlineAccessAllowed,
          accessTokenLifetimeCap,
          limit);
    }

    Map<String, Object> asConfiguration() {
      return Map.of(
          "device-code-lifetime-cap", codeLifetimeCap,
          "approval-window", approvalWindow,
          "refresh-tokens-allowed", refreshTokensAllowed,
          "offline-access-allowed", offlineAccessAllowed,
          "access-token-lifetime-cap", accessTokenLifetimeCap,
          "poll-abuse-limit", pollAbuseLimit);
    }
  }

  private static List<OAuthResponse> pollConcurrently(
      DeviceFlowClient agent, String deviceCode, int polls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(polls);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<OAuthResponse>> futures = new ArrayList<>();
      for (int i = 0; i < polls; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return agent.poll(deviceCode);
                }));
      }
      start.countDown();
      List<OAuthResponse> answers = new ArrayList<>();
      for (Future<OAuthResponse> future : futures) {
        answers.add(future.get(60, TimeUnit.SECONDS));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  /** How many of the user's sessions hold a client session of the demo agent. */
  private static int agentSessionsOf(TestUser user) {
    String path = "/admin/realms/" + DemoRealm.NAME;
    String userId = server.admin().user(DemoRealm.NAME, user.username()).path("id").asText();
    int count = 0;
    for (JsonNode session : server.admin().get(path + "/users/" + userId + "/sessions")) {
      if (session.path("clients").toString().contains(DemoRealm.AGENT_CLIENT_ID)) {
        count++;
      }
    }
    return count;
  }

  private static int keycloakApiStatus(String path, String accessToken) {
    HttpRequest request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .timeout(Http.TIMEOUT)
            .header("Authorization", "Bearer " + accessToken)
            .header("Accept", "application/json")
            .GET()
            .build();
    return Http.send(Http.client(), request).statusCode();
  }

  private static void sleepUntil(Instant moment) throws InterruptedException {
    Duration left = Duration.between(Instant.now(), moment);
    if (!left.isNegative()) {
      sleep(left);
    }
  }

  private static void sleep(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }
}
