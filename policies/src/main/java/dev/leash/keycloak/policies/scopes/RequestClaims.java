package dev.leash.keycloak.policies.scopes;

import java.util.OptionalInt;
import org.keycloak.models.KeycloakSession;

/**
 * What one device request already claimed of its agent's limits. Several client profiles with
 * {@code leash-scope-limit} may cover one agent: the request counts once, and each executor judges
 * that one claim by its own limit, so none is spent twice and, for profiles that cover the same
 * requests, the stricter limit holds. Kept as attributes of the {@link KeycloakSession}, which
 * lives for the one request.
 */
final class RequestClaims {

  private static final String PENDING_SLOT = "leash.scope-limit.pending-slot";
  private static final String REQUEST_COUNT = "leash.scope-limit.request-count.";

  private RequestClaims() {}

  /** The pending-code slot the request claimed, if an executor claimed one. */
  static OptionalInt pendingSlot(KeycloakSession session) {
    return read(session, PENDING_SLOT);
  }

  static void pendingSlotClaimed(KeycloakSession session, int slot) {
    session.setAttribute(PENDING_SLOT, slot);
  }

  /**
   * The number of the request's count in its window of {@code windowSeconds}, if an executor
   * counted it in a window of that length.
   */
  static OptionalInt requestCount(KeycloakSession session, long windowSeconds) {
    return read(session, REQUEST_COUNT + windowSeconds);
  }

  static void requestCounted(KeycloakSession session, long windowSeconds, int count) {
    session.setAttribute(REQUEST_COUNT + windowSeconds, count);
  }

  private static OptionalInt read(KeycloakSession session, String name) {
    Integer value = session.getAttribute(name, Integer.class);
    return value == null ? OptionalInt.empty() : OptionalInt.of(value);
  }
}
