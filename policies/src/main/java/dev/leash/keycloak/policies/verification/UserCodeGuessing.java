package dev.leash.keycloak.policies.verification;

import dev.leash.keycloak.core.WindowCounter;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Limits wrong user codes entered on the verification page per source address (RFC 8628 section
 * 5.1; Keycloak 26.7.3 has no limit). Counted per realm in Keycloak's single-use object store, so
 * the limit holds across cluster nodes; once reached, the address gets a 429 page, even for a right
 * code, until the window ends.
 *
 * @param attempts wrong codes allowed per address and window
 * @param windowSeconds length of the counting window
 */
record UserCodeGuessing(int attempts, long windowSeconds) {

  boolean isBlocked(KeycloakSession session, RealmModel realm, String address, long now) {
    return WindowCounter.isFull(
        session.singleUseObjects(), key(realm, address), attempts, windowSeconds, now);
  }

  /** Counts a wrong code; {@code false} when the address has now used up its attempts. */
  boolean countWrongCode(KeycloakSession session, RealmModel realm, String address, long now) {
    return WindowCounter.tryCount(
        session.singleUseObjects(), key(realm, address), attempts, windowSeconds, now);
  }

  private static String key(RealmModel realm, String address) {
    return "leash.uc-guess." + realm.getId() + "." + address;
  }
}
