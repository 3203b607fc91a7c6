package dev.leash.keycloak.authenticators.stepup;

import dev.leash.keycloak.core.SessionNotes;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The last step-up of the person's SSO session: when {@code leash-step-up} last let a device
 * approval through on a second factor, and which one. Kept as user-session notes, so it is the same
 * on every cluster node and ends with the session.
 */
public final class RecentStepUp {

  /** The factor and the epoch second of a step-up. */
  public record StepUp(String factor, long at) {}

  private RecentStepUp() {}

  /** The SSO session's last step-up, if the browser's session belongs to the flow's user. */
  public static Optional<StepUp> of(AuthenticationFlowContext context) {
    UserModel user = context.getUser();
    AuthenticationManager.AuthResult sso =
        AuthenticationManager.authenticateIdentityCookie(
            context.getSession(), context.getRealm(), true);
    if (user == null || sso == null || !user.getId().equals(sso.getUser().getId())) {
      return Optional.empty();
    }
    UserSessionModel userSession = sso.getSession();
    String at = userSession.getNote(SessionNotes.STEP_UP_AT);
    String factor = userSession.getNote(SessionNotes.STEP_UP_FACTOR);
    if (at == null || factor == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new StepUp(factor, Long.parseLong(at)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether the SSO session stepped up at most {@code maxAgeSeconds} before {@code now}. */
  public static boolean within(AuthenticationFlowContext context, long maxAgeSeconds, long now) {
    return maxAgeSeconds > 0
        && of(context).map(stepUp -> now - stepUp.at() <= maxAgeSeconds).orElse(false);
  }
}
