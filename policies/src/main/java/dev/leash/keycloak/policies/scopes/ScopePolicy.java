package dev.leash.keycloak.policies.scopes;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one agent policy allows it to ask for through the device grant, and who may approve.
 *
 * @param allowedScopes the only scopes it may ask for (empty: no limit)
 * @param maxScopes most scopes in one request (0: no limit)
 * @param stepUpScopes scopes whose approval must be stepped up
 * @param approverRoles realm roles whose members may approve (with groups: either suffices)
 * @param approverGroups group paths whose members may approve
 * @param maxPendingCodes most codes of the agent waiting for approval at once (0: no limit)
 * @param maxRequests most device requests of the agent per window (0: no limit)
 * @param requestWindowSeconds length of the request-counting window
 */
public record ScopePolicy(
    List<String> allowedScopes,
    int maxScopes,
    List<String> stepUpScopes,
    List<String> approverRoles,
    List<String> approverGroups,
    int maxPendingCodes,
    int maxRequests,
    int requestWindowSeconds) {

  /**
   * Scope names repeated in an error description: the characters scopes are made of in practice
   * (URLs included), never markup or quotes, which a client might show as HTML.
   */
  private static final Pattern PRINTABLE_SCOPE = Pattern.compile("[A-Za-z0-9:._/+=,@-]{1,64}");

  public ScopePolicy {
    allowedScopes = List.copyOf(allowedScopes);
    stepUpScopes = List.copyOf(stepUpScopes);
    approverRoles = List.copyOf(approverRoles);
    approverGroups = List.copyOf(approverGroups);
  }

  /** Why a request for {@code scopes} is refused ({@code invalid_scope}), or empty if it is not. */
  Optional<String> refusal(List<String> scopes) {
    if (!allowedScopes.isEmpty()) {
      for (String scope : scopes) {
        if (!allowedScopes.contains(scope)) {
          String shown = PRINTABLE_SCOPE.matcher(scope).matches() ? scope : "(unprintable)";
          return Optional.of("Scope " + shown + " is not allowed for this agent");
        }
      }
    }
    if (maxScopes > 0 && scopes.size() > maxScopes) {
      return Optional.of("This agent may ask for at most " + maxScopes + " scopes at once");
    }
    return Optional.empty();
  }
}
