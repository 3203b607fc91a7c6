package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.DefaultClientScope;
import dev.leash.keycloak.testsupport.DemoRealm;
import dev.leash.keycloak.testsupport.DemoRealmExtension;
import dev.leash.keycloak.testsupport.DeviceApprover;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.HtmlForm;
import dev.leash.keycloak.testsupport.KeycloakServer;
import dev.leash.keycloak.testsupport.LeashKeycloakTest;
import dev.leash.keycloak.testsupport.OAuthResponse;
import dev.leash.keycloak.testsupport.Page;
import dev.leash.keycloak.testsupport.RealmJson;
import dev.leash.keycloak.testsupport.TestUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The approval screen's options on a real server: the approver must type the end of the code the
 * device shows and say why. (Step-up is left out of this realm's flow; it has its own tests.)
 */
@LeashKeycloakTest
class ApprovalScreenIT {

  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final TestUser APPROVER = TestUser.withPassword("as-approver", "approver-pass");
  private static final TestUser SECOND = TestUser.withPassword("as-second", "second-pass");
  private static final TestUser DENIER = TestUser.withPassword("as-denier", "denier-pass");
  private static final TestUser OUTSIDER = TestUser.withPassword("as-outsider", "outsider-pass");

  /** An agent like the demo agent, but approved through the realm's browser flow. */
  private static final String PLAIN_FLOW_AGENT = "as-plain-flow-agent";

  /** Failed sign-ins after which brute-force detection locks a user out in this realm. */
  private static final int FAILURES_BEFORE_LOCKOUT = 2;

  @RegisterExtension
  static final DemoRealmExtension demo =
      DemoRealmExtension.customised(
          json -> {
            RealmJson.forFocusedTests(json);
            RealmJson.addPasswordUser(json, APPROVER);
            RealmJson.addPasswordUser(json, SECOND);
            RealmJson.addPasswordUser(json, DENIER);
            RealmJson.addPasswordUser(json, OUTSIDER);
            ObjectNode outsider =
                (ObjectNode) json.path("users").get(json.path("users").size() - 1);
            outsider.remove("groups");
            RealmJson.addAgentLikeTheDemoAgent(json, PLAIN_FLOW_AGENT)
                .remove("authenticationFlowBindingOverrides");
            json.put("bruteForceProtected", true)
                .put("failureFactor", FAILURES_BEFORE_LOCKOUT)
                .put("waitIncrementSeconds", 900)
                .put("maxFailureWaitSeconds", 900);
            RealmJson.configureAuthenticator(
                json,
                "leash-device-approval",
                Map.of(
                    "require-code-suffix", "true",
                    "require-justification", "true",
                    "two-person-scopes", "agent:write"));
          });

  @Test
  void approvalNeedsTheEndOfTheCodeAndAJustification() {
    DemoRealm realm = demo.realm();
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    String suffix = authorization.userCode().substring(authorization.userCode().length() - 4);

    Page screen = realm.approverAs(APPROVER).signIn(authorization);
    assertTrue(
        screen.has("#leash-code-suffix") && screen.has("#leash-justification"), screen::toString);
    // The code is shown for comparison, without the end the person must type from the device.
    String shown = screen.document().selectFirst("#leash-user-code code").text();
    assertEquals(
        authorization.userCode().substring(0, authorization.userCode().length() - 4)
            + "\u2022".repeat(4),
        shown);

    Page noSuffix = approve(screen, null, "nightly backup");
    assertTrue(noSuffix.has("#leash-approval-error"), noSuffix::toString);
    Page noReason = approve(noSuffix, suffix.toLowerCase(), " ");
    assertTrue(noReason.text().contains("say why"), noReason::toString);
    assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());

    Page consent = approve(noReason, suffix.toLowerCase(), "nightly backup of the build cache");
    assertTrue(consent.has("[name=accept]"), consent::toString);
    Page done = consent.form("[name=accept]").orElseThrow().submit("accept");
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
    assertEquals(200, agent.pollUntilSettled(authorization, SETTLE_TIMEOUT).status());
  }

  @Test
  void threeWrongCodeEndingsDenyTheCode() {
    DemoRealm realm = demo.realm();
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    String wrong = authorization.userCode().endsWith("ZZZZ") ? "YYYY" : "ZZZZ";

    Page page = realm.approverAs(APPROVER).signIn(authorization);
    for (int attempt = 1; attempt < 3; attempt++) {
      page = approve(page, wrong, "reason");
      assertTrue(page.has("#leash-approval-error"), page::toString);
    }
    page = approve(page, wrong, "reason");

    assertFalse(page.has("#leash-approval-form"), page::toString);
    OAuthResponse answer = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals("access_denied", answer.error(), answer::toString);
  }

  @Test
  void twoPersonScopesNeedTwoDifferentPeople() {
    DemoRealm realm = demo.realm();
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid agent:write");
    String suffix = authorization.userCode().substring(authorization.userCode().length() - 4);

    Page recorded = approve(realm.approverAs(APPROVER).signIn(authorization), suffix, "first");
    assertTrue(recorded.text().contains("a second person must approve"), recorded::toString);
    assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());

    Page again = approve(realm.approverAs(APPROVER).signIn(authorization), suffix, "again");
    assertTrue(again.text().contains("A different person"), again::toString);
    assertEquals(
        "authorization_pending", agent.pollUntilSettled(authorization, Duration.ZERO).error());

    Page consent = approve(realm.approverAs(SECOND).signIn(authorization), suffix, "second");
    Page done = consent.form("[name=accept]").orElseThrow().submit("accept");
    assertTrue(done.text().contains("Device Login Successful"), done::toString);
    assertEquals(200, agent.pollUntilSettled(authorization, SETTLE_TIMEOUT).status());
  }

  /**
   * One approver may approve several codes of one agent before any is polled: Keycloak keeps the
   * agent's client session in the approver's browser session for all of them.
   */
  @Test
  void oneApproverMayApproveSeveralCodesOfAnAgentBeforeAnyIsPolled() {
    DemoRealm realm = demo.realm();
    DeviceFlowClient agent = realm.agent();
    DeviceApprover approver = new DeviceApprover(new Browser(), APPROVER);
    List<OAuthResponse> authorizations =
        List.of(agent.authorize("openid"), agent.authorize("openid"));
    for (OAuthResponse authorization : authorizations) {
      String suffix = authorization.userCode().substring(authorization.userCode().length() - 4);
      Page consent = approve(approver.signIn(authorization), suffix, "two instances of one job");
      Page done = consent.form("[name=accept]").orElseThrow().submit("accept");
      assertTrue(done.text().contains("Device Login Successful"), done::toString);
    }
    for (OAuthResponse authorization : authorizations) {
      OAuthResponse tokens = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
      assertEquals(200, tokens.status(), tokens::toString);
    }
  }

  /** A two-person scope granted unasked, as a default scope of the agent, needs two people too. */
  @Test
  void aTwoPersonScopeGrantedAsADefaultScopeNeedsTwoPeople(KeycloakServer server) {
    DemoRealm realm = demo.realm();
    DeviceFlowClient agent = realm.agent();
    try (DefaultClientScope write =
        DefaultClientScope.make(server, DemoRealm.NAME, DemoRealm.AGENT_CLIENT_ID, "agent:write")) {
      OAuthResponse authorization = agent.authorize("openid");
      String suffix = authorization.userCode().substring(authorization.userCode().length() - 4);
      Page screen = realm.approverAs(APPROVER).signIn(authorization);
      String scopes = screen.document().selectFirst("#leash-scopes").text();
      assertTrue(scopes.contains("agent:write"), scopes);

      Page recorded = approve(screen, suffix, "first");
      assertTrue(recorded.text().contains("a second person must approve"), recorded::toString);
      assertEquals("authorization_pending", agent.poll(authorization.deviceCode()).error());
    }
  }

  /**
   * An approval that never passed Leash's approval screen, where the approvers are checked, gets no
   * tokens when the agent's policy names its approvers. A sign-in through an identity provider
   * skips the screen like this: Keycloak ends the browser flow after it.
   */
  @Test
  void anApprovalOutsideTheApprovalScreenGetsNoTokens() {
    DeviceFlowClient agent = demo.realm().agent(PLAIN_FLOW_AGENT);
    OAuthResponse authorization = agent.authorize("openid");

    Page consent = demo.realm().approverAs(APPROVER).signIn(authorization);
    assertFalse(consent.has("#leash-approval-form"), consent::toString);
    Page done = consent.form("[name=accept]").orElseThrow().submit("accept");
    assertTrue(done.text().contains("Device Login Successful"), done::toString);

    OAuthResponse answer = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals("invalid_grant", answer.error(), answer::toString);
    assertTrue(answer.errorDescription().contains("approval screen"), answer::toString);
  }

  /**
   * One approver's denial holds against another whose approval screen, or Keycloak's consent page
   * after it, was already open: Keycloak 26.7.3 would let the later approval clear the denial.
   */
  @Test
  void aDenialHoldsAgainstApprovalsAlreadyUnderWay() {
    DemoRealm realm = demo.realm();
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    String suffix = authorization.userCode().substring(authorization.userCode().length() - 4);
    Page onScreen = realm.approverAs(APPROVER).signIn(authorization);
    Page onConsent = approve(realm.approverAs(SECOND).signIn(authorization), suffix, "consent");
    assertTrue(onConsent.has("[name=accept]"), onConsent::toString);

    realm
        .approverAs(DENIER)
        .signIn(authorization)
        .form("#leash-approval-form")
        .orElseThrow()
        .submit("decision", "deny");

    Page lateApproval = approve(onScreen, suffix, "too late");
    assertFalse(lateApproval.has("[name=accept]"), lateApproval::toString);
    assertEquals("expired", outcome(lateApproval), lateApproval::toString);
    Page lateConsent = onConsent.form("[name=accept]").orElseThrow().submit("accept");
    assertFalse(lateConsent.text().contains("Device Login Successful"), lateConsent::toString);
    OAuthResponse answer = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals("access_denied", answer.error(), answer::toString);
  }

  /**
   * A denial on Keycloak's consent page, after Leash's screen, holds against a consent page already
   * open. Leash adds nothing here: Keycloak 26.7.3 refuses a consent given for a denied code
   * ({@code DeviceGrantType.isDeviceCodeDeniedForDeviceVerificationFlow}). This test keeps it so
   * across Keycloak upgrades; Leash's screen refuses denied codes itself.
   */
  @Test
  void aDenialOnTheConsentPageHoldsAgainstConsentPagesAlreadyOpen() {
    DemoRealm realm = demo.realm();
    DeviceFlowClient agent = realm.agent();
    OAuthResponse authorization = agent.authorize("openid");
    String suffix = authorization.userCode().substring(authorization.userCode().length() - 4);
    Page firstConsent = approve(realm.approverAs(APPROVER).signIn(authorization), suffix, "deny");
    Page secondConsent = approve(realm.approverAs(SECOND).signIn(authorization), suffix, "allow");

    Page denied = firstConsent.form("[name=accept]").orElseThrow().submit("cancel");
    assertTrue(denied.text().contains("Consent denied"), denied::toString);
    Page lateConsent = secondConsent.form("[name=accept]").orElseThrow().submit("accept");

    assertFalse(lateConsent.text().contains("Device Login Successful"), lateConsent::toString);
    OAuthResponse answer = agent.pollUntilSettled(authorization, SETTLE_TIMEOUT);
    assertEquals("access_denied", answer.error(), answer::toString);
  }

  /**
   * Saying no, or being refused as approver, is no failed sign-in: after more of them in one
   * signed-in browser than the realm's brute-force allowance, both people can still sign in anew.
   * Keycloak 26.7.3 counts a failed flow step against brute-force detection only when the
   * authenticator's reference category is {@code password}, {@code otp} or {@code
   * recovery-authn-codes}; Leash's are its own, which this test keeps so. (Failures could only add
   * up in an existing session: each successful password sign-in forgives them.)
   */
  @Test
  void denialsAndRefusalsAreNotFailedSignIns() {
    DemoRealm realm = demo.realm();
    DeviceFlowClient agent = realm.agent();
    DeviceApprover denier = new DeviceApprover(new Browser(), DENIER);
    DeviceApprover outsider = new DeviceApprover(new Browser(), OUTSIDER);
    for (int round = 0; round <= FAILURES_BEFORE_LOCKOUT; round++) {
      OAuthResponse denied = agent.authorize("openid");
      denier.signIn(denied).form("#leash-approval-form").orElseThrow().submit("decision", "deny");
      assertEquals("access_denied", agent.pollUntilSettled(denied, SETTLE_TIMEOUT).error());

      Page refused = outsider.signIn(agent.authorize("openid"));
      assertEquals("not-allowed", outcome(refused), refused::toString);
    }

    OAuthResponse authorization = agent.authorize("openid");
    Page screen = realm.approverAs(DENIER).signIn(authorization);
    assertTrue(screen.has("#leash-approval-form"), screen::toString);
    Page refused = realm.approverAs(OUTSIDER).signIn(authorization);
    assertEquals("not-allowed", outcome(refused), refused::toString);
  }

  private static String outcome(Page page) {
    Element outcome = page.document().selectFirst("#leash-outcome");
    return outcome == null ? null : outcome.attr("data-outcome");
  }

  private static Page approve(Page screen, String suffix, String justification) {
    HtmlForm form = screen.form("#leash-approval-form").orElseThrow();
    if (suffix != null) {
      form.set("code_suffix", suffix);
    }
    form.set("justification", justification);
    return form.submit("decision", "approve");
  }
}
