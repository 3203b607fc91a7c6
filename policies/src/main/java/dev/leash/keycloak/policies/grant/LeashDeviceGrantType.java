package dev.leash.keycloak.policies.grant;

import dev.leash.keycloak.core.AgentCounters;
import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.DeviceContext;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.ReportBudget;
import dev.leash.keycloak.core.SessionNotes;
import dev.leash.keycloak.core.StampMark;
import dev.leash.keycloak.core.audit.AuditEventDetails;
import dev.leash.keycloak.core.audit.AuditFact;
import dev.leash.keycloak.core.audit.AuditTrail;
import dev.leash.keycloak.policies.binding.AgentClaim;
import dev.leash.keycloak.policies.binding.BindingCheck;
import dev.leash.keycloak.policies.expiry.HardExpiryPolicy;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.TokenManager.AccessTokenResponseBuilder;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.dpop.DPoP;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.util.DPoPUtil;
import org.keycloak.util.JsonSerialization;

/**
 * Keycloak's device grant with the checks that must run before the device code is consumed: the
 * device binding stamped by {@code leash-context-binding} (first, so a thief's polls change
 * nothing), pacing with growing {@code slow_down} and revocation past the abuse limit (of codes
 * Keycloak's store holds; an unknown code is only answered, never remembered), the hard deadline
 * stamped by {@code leash-hard-expiry} with a tombstone so it holds on every later poll, and
 * brute-force lockout. The first poll that finds the code approved frees the agent's pending-code
 * slot, whatever it is answered; a poll of a denied code frees the slot too. Tokens are issued only
 * by the poll that wins the atomic issuance claim, which leaves the {@code agent} claim on the
 * client session. A poll of a pending code gets Keycloak's answer from Leash, which has read the
 * code and paced the poll already. Everything else is Keycloak's own {@link DeviceGrantType}.
 */
public class LeashDeviceGrantType extends DeviceGrantType {

  /**
   * Client attribute that lets an agent's device-grant tokens call Keycloak's own admin and account
   * APIs; absent (the default) keeps them off.
   */
  public static final String KEYCLOAK_APIS_ALLOWED = "leash.keycloak-apis-allowed";

  /** Event error of a poll of a code issued with a polling interval of 0. */
  private static final String ZERO_POLLING_INTERVAL = "leash_polling_interval_zero";

  /** Keycloak keeps a device code this long beyond its lifespan (plus one interval). */
  private static final long STORE_GRACE_SECONDS = 10;

  private static final String CODE_ALREADY_USED = "leash_device_code_already_used";
  private static final String BINDING_MISMATCH = "leash_binding_mismatch";
  private static final String UNMARKED_STAMPS = "leash_unmarked_stamps";
  private static final String INVALID_DPOP_PROOF = "invalid_dpop_proof";

  /**
   * Rejected polls reported as error events (Keycloak's event log and store, Leash's audit record)
   * per grant and reason: each of the first 20 in ten minutes, then one a minute. The counter slots
   * of a grant live as long as its window, and an agent may start 20 grants a minute: a short
   * window keeps the slots few.
   */
  static final ReportBudget REPORTS = new ReportBudget(20, 600, 60);

  private final LeashClock clock;

  /** Set by the pre-checks of a poll that reached Keycloak's own processing. */
  private PollLedger ledger;

  private DeviceContext bound;
  private OAuth2DeviceCodeModel polledCode;

  /** Whether the polled code is one Keycloak issued (not a guess): its refusals count per code. */
  private boolean realCode;

  /** The tokens this poll issues, captured for the audit trail. */
  private AccessTokenResponseBuilder issued;

  private long deadline;
  private long retentionSeconds;

  LeashDeviceGrantType(LeashClock clock) {
    this.clock = clock;
  }

  @Override
  public Response process(Context context) {
    setContext(context);
    String deviceCode = formParams.getFirst(OAuth2Constants.DEVICE_CODE);
    if (deviceCode != null
        && realm.getOAuth2DeviceConfig().isOAuth2DeviceAuthorizationGrantEnabled(client)) {
      checkBeforeConsumption(deviceCode);
    }
    return super.process(context);
  }

  private void checkBeforeConsumption(String deviceCode) {
    if (!DeviceCodeShape.matches(deviceCode)) {
      throw refuse(
          OAuthErrorException.INVALID_GRANT,
          "Device code not valid",
          Errors.INVALID_OAUTH2_DEVICE_CODE);
    }
    // One lookup: the session is a CDI proxy that resolves the request's session on every call.
    SingleUseObjectProvider store = session.singleUseObjects();
    ledger = new PollLedger(store, client.getId(), deviceCode);
    // Revoked and expired codes are settled too: a pending code's poll asks the store once.
    if (ledger.isSettled()) {
      realCode = true; // Leash revokes, settles and expires only codes Keycloak issued.
      if (ledger.isRevoked()) {
        throw refuse(
            OAuthErrorException.INVALID_GRANT,
            "Device code revoked",
            AuditEventDetails.DEVICE_CODE_REVOKED);
      }
      throw ledger.isExpired()
          ? expired()
          : refuse(
              OAuthErrorException.INVALID_GRANT, "Device code already used", CODE_ALREADY_USED);
    }
    long now = clock.nowSeconds();
    OAuth2DeviceCodeModel code = findCode(store, deviceCode);
    if (code != null && !StampMark.holds(code.getAdditionalParams())) {
      // Checked first: the stamps, approval id included, are the device's own words.
      throw refuse(
          OAuthErrorException.INVALID_GRANT,
          "Device code carries Leash parameters this server did not stamp; start again",
          UNMARKED_STAMPS);
    }
    polledCode = code;
    realCode = code != null;
    Map<String, String> stamped = code == null ? Map.of() : code.getAdditionalParams();
    // Every later event of this poll, refusal or success, names the grant for the audit trail.
    event.detail(AuditEventDetails.APPROVAL_ID, stamped.get(DeviceCodeParams.APPROVAL_ID));
    long baseInterval =
        code != null
            ? code.getPollingInterval()
            : realm.getOAuth2DeviceConfig().getPoolingInterval(client);
    if (code != null && baseInterval < 1) {
      // Keycloak 26.7.3 issues such codes (no Leash policy refused the request) and then answers
      // every poll with HTTP 500: its poll throttle stores an entry without a lifespan.
      throw refuse(
          OAuthErrorException.INVALID_GRANT,
          "This device code has a polling interval below 1 second, which cannot be served; an"
              + " administrator must set the interval to at least 1 second, then start again",
          ZERO_POLLING_INTERVAL);
    }
    // Only a code the store holds leaves anything to remember (its pace and settlement).
    retentionSeconds =
        code != null
            ? Math.max(1, code.getExpiration() + baseInterval + STORE_GRACE_SECONDS - now)
            : 0;
    deadline = DeviceCodeParams.positiveLong(stamped, DeviceCodeParams.DEADLINE, 0);
    int abuseLimit =
        (int)
            DeviceCodeParams.positiveLong(
                stamped,
                DeviceCodeParams.POLL_ABUSE_LIMIT,
                HardExpiryPolicy.DEFAULT_POLL_ABUSE_LIMIT);

    bound = DeviceContext.from(stamped).orElse(null);
    if (bound != null) {
      // Before pacing, so a thief's polls neither count against nor revoke the device's code.
      enforceBinding(bound);
    }
    pace(deviceCode, baseInterval, abuseLimit, code != null);
    if (code != null && code.isDenied()) {
      // A denial on Keycloak's own consent screen reaches no Leash code: the poll that learns of
      // it (Keycloak answers access_denied) frees the agent's slot, once per code.
      AgentCounters.releasePendingSlotOf(session, code);
    }
    if (deadline > 0 && now >= deadline) {
      ledger.markExpired(retentionSeconds);
      // Keycloak keeps the code to its own lifespan; the agent's place is free at the deadline.
      AgentCounters.releasePendingSlotOf(session, code);
      throw expired();
    }
    if (code == null) {
      // Keycloak's own answer, but with Leash's budget of error events: a stream of guessed or
      // stale codes would otherwise log one event each.
      throw refuse(
          OAuthErrorException.INVALID_GRANT,
          "Device code not valid",
          Errors.INVALID_OAUTH2_DEVICE_CODE);
    }
    if (!code.isPending() && !code.isDenied()) {
      // Approved: the code waits for nobody now, whatever this poll is answered. Keycloak removes
      // it before some of its last checks (a user disabled since), whose refusals would otherwise
      // keep its place held until the code's lifespan.
      AgentCounters.releasePendingSlotOf(session, code);
      refuseLockedUser(code);
    }
    // A denied code is pending too (no user session), so Keycloak asks about the denial first.
    if (code.isPending() && !code.isDenied() && !code.isExpired()) {
      throw stillPending();
    }
  }

  /**
   * Keycloak's own answer to a poll of a pending code that is neither denied nor expired (its
   * 26.7.3 {@code process} answers this, with no event), given here: Keycloak would first read the
   * code again and write its own poll throttle, and Leash has done both already ({@link #findCode},
   * {@link #pace}). Skipping that saves about 40 µs of CPU on the poll agents repeat most
   * (docs/benchmarks.md, the profiled run of 2026-12-07T01:26Z).
   */
  private CorsErrorResponseException stillPending() {
    return new CorsErrorResponseException(
        cors,
        OAuthErrorException.AUTHORIZATION_PENDING,
        "The authorization request is still pending",
        Response.Status.BAD_REQUEST);
  }

  private CorsErrorResponseException slowDown(long intervalSeconds) {
    return refuse(
        OAuthErrorException.SLOW_DOWN,
        "Slow down: poll at most every " + intervalSeconds + " seconds",
        Errors.SLOW_DOWN);
  }

  private void enforceBinding(DeviceContext context) {
    String pollAddress = clientConnection.getRemoteAddr();
    DPoP proof = session.getAttribute(DPoPUtil.DPOP_SESSION_ATTRIBUTE, DPoP.class);
    String pollKey = proof == null ? null : proof.getThumbprint();
    BindingCheck.Outcome outcome = BindingCheck.check(context, pollAddress, pollKey);
    if (outcome == BindingCheck.Outcome.MATCH) {
      return;
    }
    event
        .detail("leash_binding", context.binding().id())
        .detail("leash_bound_ip", context.sourceIp())
        .detail("leash_poll_ip", pollAddress)
        .detail("leash_bound_jkt", context.dpopJkt())
        .detail("leash_poll_jkt", pollKey);
    throw switch (outcome) {
      case DPOP_PROOF_MISSING ->
          refuse(
              INVALID_DPOP_PROOF,
              "DPoP proof required: this device code is bound to the key of the device that asked",
              BINDING_MISMATCH);
      case DPOP_KEY_MISMATCH ->
          refuse(
              OAuthErrorException.INVALID_GRANT,
              "DPoP key does not match the device that asked for this code",
              BINDING_MISMATCH);
      default ->
          refuse(
              OAuthErrorException.INVALID_GRANT,
              "Poll does not come from the device that asked for this code",
              BINDING_MISMATCH);
    };
  }

  private void pace(String deviceCode, long baseInterval, int abuseLimit, boolean known) {
    int violations = ledger.violations(abuseLimit);
    if (!known) {
      // Nothing is written for a code the store does not hold: made-up codes would otherwise
      // fill it, one entry per request. A poll racing the one that just redeemed the code still
      // finds that poll's window open, and slows down.
      if (ledger.isWindowOpen(violations)) {
        throw slowDown(PollPacing.requiredInterval(baseInterval, violations));
      }
      return;
    }
    if (ledger.tryOpenWindow(violations, PollPacing.requiredInterval(baseInterval, violations))) {
      return;
    }
    int violation = ledger.recordViolation(violations + 1, abuseLimit, retentionSeconds);
    if (!PollPacing.revokes(violation, abuseLimit, known)) {
      long next = PollPacing.requiredInterval(baseInterval, violation);
      ledger.tryOpenWindow(violation, next);
      throw slowDown(next);
    }
    if (!ledger.revoke(retentionSeconds)) {
      throw refuse(
          OAuthErrorException.INVALID_GRANT, "Device code already used", CODE_ALREADY_USED);
    }
    removeDeviceByDeviceCode(session, deviceCode);
    AgentCounters.releasePendingSlotOf(session, polledCode);
    throw refuse(
        OAuthErrorException.INVALID_GRANT,
        "Device code revoked: polled faster than the interval " + abuseLimit + " times",
        AuditEventDetails.DEVICE_CODE_REVOKED);
  }

  private OAuth2DeviceCodeModel findCode(SingleUseObjectProvider store, String deviceCode) {
    Map<String, String> stored = store.get(OAuth2DeviceCodeModel.createKey(deviceCode));
    if (stored == null) {
      return null;
    }
    // The store is shared by every realm: a code of another realm reads as none (null here).
    OAuth2DeviceCodeModel code = OAuth2DeviceCodeModel.fromCache(realm, deviceCode, stored);
    // A code of another realm or client is unknown to this one; Keycloak's own check answers it.
    return code != null && client.getClientId().equals(code.getClientId()) ? code : null;
  }

  /** Keycloak 26.7.3 issues device tokens to users brute-force protection has locked. */
  private void refuseLockedUser(OAuth2DeviceCodeModel code) {
    UserSessionModel userSession =
        session.sessions().getUserSession(realm, code.getUserSessionId());
    if (userSession == null) {
      return; // Keycloak's own processing answers a missing session.
    }
    UserModel user = userSession.getUser();
    String lockout =
        AuthenticatorUtils.getDisabledByBruteForceEventError(
            session.getProvider(BruteForceProtector.class), session, realm, user);
    if (lockout != null) {
      event.user(user);
      throw refuse(OAuthErrorException.INVALID_GRANT, "User temporarily locked", lockout);
    }
  }

  @Override
  protected Response createTokenResponse(
      UserModel user,
      UserSessionModel userSession,
      ClientSessionContext clientSessionCtx,
      String scopeParam,
      boolean code,
      Function<AccessTokenResponseBuilder, ClientPolicyContext> clientPolicyContextGenerator) {
    if (ledger != null) {
      // Time passed since the pre-checks; the deadline still wins over an approval just before it.
      if (deadline > 0 && clock.nowSeconds() >= deadline) {
        ledger.markExpired(retentionSeconds);
        throw expired();
      }
      if (!ledger.claimIssuance(retentionSeconds)) {
        throw refuse(
            OAuthErrorException.INVALID_GRANT, "Device code already used", CODE_ALREADY_USED);
      }
    }
    AuthenticatedClientSessionModel clientSession = clientSessionCtx.getClientSession();
    // Before the tokens are made: an offline copy of the session takes the notes it has then.
    clientSession.setNote(SessionNotes.ISSUED_BY_DEVICE_GRANT, "true");
    if (bound != null) {
      clientSession.setNote(SessionNotes.AGENT_CLAIM, agentClaimJson(bound, user));
    } else if (clientSession.getNote(SessionNotes.AGENT_CLAIM) != null) {
      // Keycloak reuses the client session of an earlier grant of this agent in the same browser
      // session, notes and all: that grant's claim does not describe this one.
      clientSession.removeNote(SessionNotes.AGENT_CLAIM);
    }
    Response response =
        super.createTokenResponse(
            user,
            userSession,
            clientSessionCtx,
            scopeParam,
            code,
            clientPolicyContextGenerator == null
                ? null
                : tokens -> {
                  issued = tokens;
                  return clientPolicyContextGenerator.apply(tokens);
                });
    recordIssuedTokens(user);
    return response;
  }

  private void recordIssuedTokens(UserModel user) {
    String approvalId =
        polledCode == null
            ? null
            : polledCode.getAdditionalParams().get(DeviceCodeParams.APPROVAL_ID);
    if (approvalId == null || issued == null) {
      return;
    }
    AccessToken token = issued.getAccessToken();
    AuditTrail.recordIfKept(
        session,
        new AuditFact.TokensIssued(
            approvalId,
            user.getId(),
            token.getId(),
            token.getScope(),
            token.getAcr(),
            token.getIat() == null ? clock.nowSeconds() : token.getIat(),
            token.getExp() == null ? 0 : token.getExp(),
            issued.getRefreshToken() != null));
  }

  private static String agentClaimJson(DeviceContext context, UserModel approver) {
    try {
      return JsonSerialization.writeValueAsString(AgentClaim.of(context, approver.getId()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean isTokenAllowed(KeycloakSession session, AccessToken token) {
    return AgentTokens.keycloakApisAllowed(session, token);
  }

  private CorsErrorResponseException expired() {
    return refuse(
        OAuthErrorException.EXPIRED_TOKEN,
        "Device code is expired",
        Errors.EXPIRED_OAUTH2_DEVICE_CODE);
  }

  /**
   * Builds the OAuth error, and records the refusal as an error event (its own transaction) within
   * the {@link #REPORTS} budget, so a device polling as fast as it can costs a bounded number of
   * event log lines, event store rows and audit record writes. Refusals of codes Keycloak issued
   * count per code; guessed or malformed codes count per agent.
   */
  private CorsErrorResponseException refuse(String error, String description, String eventError) {
    String reportName =
        realCode
            ? ledger.reportName(eventError)
            : "leash.poll-report." + client.getId() + "." + eventError;
    ReportBudget.Report report =
        REPORTS.take(session.singleUseObjects(), reportName, clock.nowSeconds());
    if (report != ReportBudget.Report.NONE) {
      if (report == ReportBudget.Report.SAMPLE) {
        event.detail(AuditEventDetails.REPORT, AuditEventDetails.SAMPLED);
      }
      event.detail(Details.REASON, description);
      event.error(eventError);
    }
    return new CorsErrorResponseException(cors, error, description, Response.Status.BAD_REQUEST);
  }
}
