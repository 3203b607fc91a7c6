package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.AdminClient;
import dev.leash.keycloak.testsupport.ApprovalFlowEditor;
import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.ClientProfiles;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.HtmlForm;
import dev.leash.keycloak.testsupport.Json;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An approver who signs in through an identity provider: Keycloak 26.7.3 ends the browser flow at
 * the broker's sign-in, so Leash's approval screen (and its approver check) and Leash step-up never
 * run, and the consent page approves the code. The token endpoint's backstop refuses such an
 * approval for an agent whose policy names approvers, or whose flow would certainly have run the
 * screen or the step-up for that code. A second realm on the same server is the identity provider.
 */
@LeashKeycloakTest
class IdentityProviderApprovalIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_PAGES = 12;
  private static final String POST_LOGIN_FLOW = "leash identity provider approval";
  private static final String IDP_REALM = "leash-test-idp";
  private static final String IDP_ALIAS = "corp";
  private static final String BROKER_CLIENT = "demo-broker";
  private static final String BROKER_SECRET = "broker-secret-7c1d2f9e0a4b";
  private static final String IDP_USER = "idp-approver";
  private static final String IDP_PASSWORD = "idp-approver-pass";
  private static final String APPROVER = "alice";
  private static final String APPROVER_PASSWORD = "alice-pass";

  /** The focused tests' realm, with the step-up kept in the flow but switched off. */
  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          realm -> {
            RealmJson.attribute(realm, "oauth2DevicePollingInterval", "1");
            RealmJson.withoutRequestLimits(realm);
            RealmJson.withStepUpSwitchedOff(realm);
          });

  private static KeycloakServer server;

  @BeforeAll
  static void connectTheIdentityProvider(KeycloakServer keycloak) {
    server = keycloak;
    server.admin().importRealm(Json.write(identityProviderRealm()));
    String idp = server.realmUri(IDP_REALM) + "/protocol/openid-connect";
    HttpResponse<String> created =
        server
            .admin()
            .post(
                "/admin/realms/" + DemoRealm.NAME + "/identity-provider/instances",
                Map.of(
                    "alias",
                    IDP_ALIAS,
                    "providerId",
                    "oidc",
                    "enabled",
                    true,
                    "trustEmail",
                    true,
                    "config",
                    Map.of(
                        "clientId",
                        BROKER_CLIENT,
                        "clientSecret",
                        BROKER_SECRET,
                        "clientAuthMethod",
                        "client_secret_post",
                        "authorizationUrl",
                        idp + "/auth",
                        "tokenUrl",
                        idp + "/token",
                        "defaultScope",
                        "openid email profile",
                        "syncMode",
                        "IMPORT")));
    assertEquals(201, created.statusCode(), created::body);
  }

  @AfterAll
  static void removeTheIdentityProvider() {
    server.admin().deleteRealm(IDP_REALM);
  }

  @Test
  void anApprovalThroughAnIdentityProviderGetsNoTokensForAnAgentWithApprovers() {
    assertAnApprovalThroughTheIdentityProviderGetsNoTokens("openid", "approvers are checked");
  }

  /**
   * Without approvers, the screen still holds the checks only it makes (two-person approval, the
   * code's end, the justification): a code of an agent whose browser flow requires the screen, but
   * approved without it, gets no tokens either.
   */
  @Test
  void anApprovalThroughAnIdentityProviderGetsNoTokensWhenTheAgentsFlowRequiresTheScreen() {
    withoutApprovers(
        flow ->
            assertAnApprovalThroughTheIdentityProviderGetsNoTokens(
                "openid", "approvals pass Leash's approval screen"));
  }

  /**
   * A flow may ask for Leash step-up and not show Leash's approval screen: the second factor is
   * then the approval's one check of Leash's, and a sign-in through the identity provider skipped
   * it.
   */
  @Test
  void anApprovalThroughAnIdentityProviderGetsNoTokensWhenTheAgentsFlowRequiresStepUp() {
    withoutApprovers(
        flow -> {
          flow.require(ApprovalFlowEditor.STEP_UP, "REQUIRED");
          flow.require(ApprovalFlowEditor.SCREEN, "DISABLED");
          assertAnApprovalThroughTheIdentityProviderGetsNoTokens("openid", "pass Leash step-up");
        });
  }

  /**
   * Step-up behind Leash's conditions (a device approval granting {@code agent:write}): Keycloak
   * would have run it for a code granting that scope, so such a code approved through the identity
   * provider gets no tokens. A code the conditions do not hold for gets its tokens, as the flow
   * would have let it through without a second factor.
   */
  @Test
  void stepUpBehindLeashsConditionsIsRequiredOfTheCodesTheyHoldFor() {
    withoutApprovers(
        flow -> {
          flow.require(ApprovalFlowEditor.SCREEN, "DISABLED");
          flow.require(ApprovalFlowEditor.ONE_TIME_CODE_SUBFLOW, "CONDITIONAL");
          flow.add(
              ApprovalFlowEditor.ONE_TIME_CODE_SUBFLOW,
              "leash-condition-requested-scope",
              Map.of("scopes", "agent:write"));
          flow.add(ApprovalFlowEditor.ONE_TIME_CODE_SUBFLOW, ApprovalFlowEditor.STEP_UP, Map.of());

          DeviceFlowClient agent = demo.realm().agent();
          OAuthResponse authorization = agent.authorize("openid");
          assertEquals(200, authorization.status(), authorization::toString);
          approveThroughTheIdentityProvider(authorization);
          OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
          assertNotNull(tokens.accessToken(), tokens::toString);

          assertAnApprovalThroughTheIdentityProviderGetsNoTokens(
              "openid agent:write", "pass Leash step-up");
        });
  }

  /**
   * An identity provider's post login flow, which Keycloak runs after the broker's sign-in, may
   * hold Leash's approval screen: approvers who sign in through the identity provider then pass it,
   * and an agent whose browser flow requires the screen gets its tokens.
   */
  @Test
  void anIdentityProvidersPostLoginFlowCanHoldTheApprovalScreen() {
    withoutApprovers(
        flow -> {
          String idpPath =
              "/admin/realms/" + DemoRealm.NAME + "/identity-provider/instances/" + IDP_ALIAS;
          JsonNode before = server.admin().get(idpPath);
          try {
            flow.createFlow(POST_LOGIN_FLOW, ApprovalFlowEditor.SCREEN);
            ObjectNode withScreen = before.deepCopy();
            withScreen.put("postBrokerLoginFlowAlias", POST_LOGIN_FLOW);
            assertEquals(204, server.admin().put(idpPath, withScreen).statusCode());

            DeviceFlowClient agent = demo.realm().agent();
            OAuthResponse authorization = agent.authorize("openid");
            assertEquals(200, authorization.status(), authorization::toString);
            Browser browser = new Browser();
            Page done =
                throughTheIdentityProvider(
                    browser,
                    browser.open(authorization.verificationUriComplete()),
                    authorization,
                    true);
            assertTrue(done.text().contains("Device Login Successful"), done::toString);
            OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
            assertNotNull(tokens.accessToken(), tokens::toString);
          } finally {
            try {
              AdminClient.succeeded(server.admin().put(idpPath, before));
            } finally {
              flow.deleteFlow(POST_LOGIN_FLOW);
            }
          }
        });
  }

  /**
   * Runs {@code test} with no approvers in demo-agent's policy, then puts the policy and the
   * approval flow back as they were.
   */
  private static void withoutApprovers(Consumer<ApprovalFlowEditor> test) {
    ClientProfiles profiles = new ClientProfiles(server, DemoRealm.NAME);
    ApprovalFlowEditor flow = new ApprovalFlowEditor(server, DemoRealm.NAME);
    JsonNode profilesBefore = profiles.snapshot();
    JsonNode flowBefore = flow.snapshot();
    try {
      Map<String, Object> scopeLimit = new HashMap<>(profiles.configuration("leash-scope-limit"));
      scopeLimit.put("approver-roles", List.of());
      scopeLimit.put("approver-groups", List.of());
      profiles.configure("leash-scope-limit", scopeLimit);
      test.accept(flow);
    } finally {
      try {
        flow.restore(flowBefore);
      } finally {
        profiles.restore(profilesBefore);
      }
    }
  }

  /**
   * A device request of demo-agent for {@code scope}, approved through the identity provider
   * (Keycloak says the device login succeeded), gets {@code invalid_grant} with {@code reason} in
   * its description.
   */
  private static void assertAnApprovalThroughTheIdentityProviderGetsNoTokens(
      String scope, String reason) {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize(scope);
    assertEquals(200, authorization.status(), authorization::toString);
    approveThroughTheIdentityProvider(authorization);

    OAuthResponse answer = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals("invalid_grant", answer.error(), answer::toString);
    assertTrue(answer.errorDescription().contains(reason), answer::toString);
    assertNull(answer.accessToken());
  }

  /**
   * Keycloak's "restart login" clears an authentication session's notes but not its client notes,
   * where the screen leaves its own: an approver passes the screen, the sign-in is restarted in the
   * same tab, and someone else signs in through the identity provider and consents. The screen's
   * note names the approver, not that person, so it gets no tokens.
   */
  @Test
  void anotherPersonsApprovalLeftOnARestartedSignInCountsForNothing() {
    DeviceFlowClient agent = demo.realm().agent();
    OAuthResponse authorization = agent.authorize("openid");
    assertEquals(200, authorization.status(), authorization::toString);

    Browser browser = new Browser();
    Page page = browser.open(authorization.verificationUriComplete());
    if (page.asksForUserCode()) {
      page = page.enterUserCode(authorization.userCode());
    }
    Page signedIn =
        page.form("#kc-form-login")
            .orElseThrow()
            .set("username", APPROVER)
            .set("password", APPROVER_PASSWORD)
            .submit();
    Page consent =
        approveOn(
            signedIn
                .form("#leash-approval-form")
                .orElseThrow(() -> new AssertionError(signedIn.toString())),
            authorization);
    HtmlForm accept =
        consent.form("[name=accept]").orElseThrow(() -> new AssertionError(consent.toString()));
    String query = accept.action().getRawQuery();
    Page restarted =
        browser.open(
            server.realmUri(DemoRealm.NAME)
                + "/login-actions/restart?"
                + query.replaceAll("(^|&)(session_code|execution)=[^&]*", ""));
    assertTrue(restarted.has("#social-" + IDP_ALIAS), restarted::toString);

    Page done = throughTheIdentityProvider(browser, restarted, authorization);
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
    OAuthResponse answer = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals("invalid_grant", answer.error(), answer::toString);
    assertNull(answer.accessToken());
  }

  /** Approves on Leash's approval screen, typing the code's end and a justification if asked. */
  private static Page approveOn(HtmlForm screen, OAuthResponse authorization) {
    String code = authorization.userCode();
    if (screen.fields().containsKey("code_suffix")) {
      screen.set("code_suffix", code.substring(code.length() - 4));
    }
    if (screen.fields().containsKey("justification")) {
      screen.set("justification", "identity provider test");
    }
    return screen.submit("decision", "approve");
  }

  /**
   * Opens the verification link, chooses the identity provider on the sign-in page, signs in there
   * and accepts Keycloak's consent page, which tells the device login succeeded.
   */
  private static void approveThroughTheIdentityProvider(OAuthResponse authorization) {
    Browser browser = new Browser();
    Page done =
        throughTheIdentityProvider(
            browser, browser.open(authorization.verificationUriComplete()), authorization);
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
  }

  /**
   * From {@code page} on: enters the code if asked, chooses the identity provider, signs in there
   * and accepts Keycloak's consent page; returns the last page.
   */
  private static Page throughTheIdentityProvider(
      Browser browser, Page start, OAuthResponse authorization) {
    return throughTheIdentityProvider(browser, start, authorization, false);
  }

  /**
   * As {@link #throughTheIdentityProvider(Browser, Page, OAuthResponse)}, approving on Leash's
   * approval screen when {@code screenExpected}, which it must then show.
   */
  private static Page throughTheIdentityProvider(
      Browser browser, Page start, OAuthResponse authorization, boolean screenExpected) {
    Page page = start;
    boolean brokered = false;
    boolean screenPassed = false;
    for (int step = 0; step < MAX_PAGES; step++) {
      if (page.asksForUserCode()) {
        page = page.enterUserCode(authorization.userCode());
      } else if (!brokered && page.has("#social-" + IDP_ALIAS)) {
        brokered = true;
        String link = page.document().selectFirst("#social-" + IDP_ALIAS).attr("href");
        page = browser.open(page.uri().resolve(link));
      } else if (page.has("#kc-form-login") && page.uri().getPath().contains(IDP_REALM)) {
        page =
            page.form("#kc-form-login")
                .orElseThrow()
                .set("username", IDP_USER)
                .set("password", IDP_PASSWORD)
                .submit();
      } else if (page.has("#leash-approval-form")) {
        if (!screenExpected || screenPassed) {
          throw new AssertionError("Leash's approval screen is not expected here:\n" + page);
        }
        screenPassed = true;
        page = approveOn(page.form("#leash-approval-form").orElseThrow(), authorization);
      } else if (page.has("[name=accept]")) {
        assertEquals(screenExpected, screenPassed, "Leash's approval screen came before consent");
        return page.form("[name=accept]").orElseThrow().submit("accept");
      } else {
        return page;
      }
    }
    throw new IllegalStateException("No end after " + MAX_PAGES + " pages:\n" + page);
  }

  /** A realm with one person and the broker's client, standing in for a company's IdP. */
  private static Map<String, Object> identityProviderRealm() {
    return Map.of(
        "realm",
        IDP_REALM,
        "enabled",
        true,
        "users",
        List.of(
            Map.of(
                "username",
                IDP_USER,
                "enabled",
                true,
                "email",
                IDP_USER + "@example.com",
                "emailVerified",
                true,
                "firstName",
                "Idp",
                "lastName",
                "Approver",
                "credentials",
                List.of(Map.of("type", "password", "value", IDP_PASSWORD, "temporary", false)))),
        "clients",
        List.of(
            Map.of(
                "clientId",
                BROKER_CLIENT,
                "enabled",
                true,
                "publicClient",
                false,
                "secret",
                BROKER_SECRET,
                "standardFlowEnabled",
                true,
                "redirectUris",
                List.of(server.realmUri(DemoRealm.NAME) + "/broker/" + IDP_ALIAS + "/endpoint"))));
  }
}
