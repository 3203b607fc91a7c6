package dev.leash.keycloak.policies.verification;

import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.InfoPages;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.StampMark;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.regex.Pattern;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.OAuth2DeviceUserCodeModel;
import org.keycloak.models.OAuth2DeviceUserCodeProvider;
import org.keycloak.protocol.oidc.grants.device.endpoints.DeviceEndpoint;

/**
 * Keycloak's device verification page ({@code /realms/{realm}/device}) with Leash's deadline: a
 * person who enters a code past its deadline, or submits an approval after it, sees a clear "this
 * request has expired, ask the agent to start again" page instead of Keycloak's generic errors.
 */
public class LeashDeviceEndpoint extends DeviceEndpoint {

  /**
   * The template attribute with a code to confirm ({@code login-oauth2-device-verify-user-code.ftl}
   * of the {@code leash} theme fills it in).
   */
  private static final String CODE_TO_CONFIRM = "leashCodeToConfirm";

  /** What may be filled in as a code to confirm: user-code letters, digits and dashes. */
  private static final Pattern SHOWABLE_CODE = Pattern.compile("[A-Za-z0-9-]{1,32}");

  private final LeashClock clock;
  private final UserCodeGuessing guessing;

  LeashDeviceEndpoint(
      KeycloakSession session, EventBuilder event, LeashClock clock, UserCodeGuessing guessing) {
    super(session, event);
    this.clock = clock;
    this.guessing = guessing;
  }

  /** The code entry (also reached by the form post, which Keycloak forwards here). */
  @GET
  @Override
  public Response verifyUserCode(@QueryParam("user_code") String userCode) {
    if (userCode != null && !userCode.isBlank()) {
      CodeEntryOrigin origin = codeEntryOrigin();
      if (origin != CodeEntryOrigin.PERSON) {
        // The code-entry page, the code neither looked up nor counted; a person sees it filled in
        // and confirms it with the form.
        if (origin == CodeEntryOrigin.UNCONFIRMED_NAVIGATION
            && SHOWABLE_CODE.matcher(userCode).matches()) {
          session.getProvider(LoginFormsProvider.class).setAttribute(CODE_TO_CONFIRM, userCode);
        }
        return super.verifyUserCode(null);
      }
      long now = clock.nowSeconds();
      String address = session.getContext().getConnection().getRemoteAddr();
      String browser = BrowserId.of(session);
      Optional<UserCodeGuessing.Attempt> attempt =
          guessing.claim(session, realm, address, browser, now);
      if (attempt.isEmpty()) {
        return InfoPages.tooManyCodeAttempts(session.getProvider(LoginFormsProvider.class));
      }
      String normalised = session.getProvider(OAuth2DeviceUserCodeProvider.class).format(userCode);
      OAuth2DeviceCodeModel code = getDeviceByUserCode(session, realm, normalised);
      if (code != null) {
        guessing.giveBack(session, attempt.get()); // only wrong codes count
      }
      if (code != null && code.isPending()) {
        if (!StampMark.holds(code.getAdditionalParams())) {
          // Leash parameters it did not stamp: the device forged them, or a node from before Leash
          // marked its stamps issued the code. Either way the grant refuses it, so nobody should
          // approve it.
          return expiredPage();
        }
        long deadline =
            DeviceCodeParams.positiveLong(code.getAdditionalParams(), DeviceCodeParams.DEADLINE, 0);
        if (code.isExpired() || (deadline > 0 && now >= deadline)) {
          return expiredPage();
        }
        if (deadline > 0) {
          expireUserCodeAt(code, normalised, deadline - now);
        }
      }
    }
    return super.verifyUserCode(userCode);
  }

  private CodeEntryOrigin codeEntryOrigin() {
    HttpHeaders headers = session.getContext().getRequestHeaders();
    return CodeEntryOrigin.of(
        headers.getHeaderString("Sec-Fetch-Dest"),
        headers.getHeaderString("Sec-Fetch-Site"),
        headers.getHeaderString("Sec-Fetch-User"));
  }

  /**
   * Where Keycloak sends the browser after the approval: Leash's outcome pages for approved, denied
   * and expired ({@code expired_token}: the code was gone when the person approved); Keycloak's own
   * page for anything else.
   */
  @GET
  @Path("status")
  @Override
  public Response status(@QueryParam("error") String error) {
    LoginFormsProvider forms = session.getProvider(LoginFormsProvider.class);
    if (error == null || error.isEmpty()) {
      return InfoPages.approved(forms);
    }
    return switch (error) {
      case OAuthErrorException.ACCESS_DENIED -> InfoPages.denied(forms);
      case OAuthErrorException.EXPIRED_TOKEN -> expiredPage();
      default -> super.status(error);
    };
  }

  /**
   * Makes the user code vanish from the store at Leash's deadline rather than at Keycloak's later
   * one. Keycloak approves through the user code, so an approval submitted after the deadline finds
   * nothing and lands on {@link #status} with {@code expired_token}. The write commits with this
   * page; the device code itself is untouched.
   */
  private void expireUserCodeAt(OAuth2DeviceCodeModel code, String userCode, long secondsLeft) {
    OAuth2DeviceUserCodeModel userCodeEntry =
        new OAuth2DeviceUserCodeModel(realm, code.getDeviceCode(), userCode);
    session
        .singleUseObjects()
        .put(userCodeEntry.serializeKey(), secondsLeft, userCodeEntry.serializeValue());
  }

  private Response expiredPage() {
    return InfoPages.expiredRequest(session.getProvider(LoginFormsProvider.class));
  }
}
