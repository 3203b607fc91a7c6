package dev.leash.keycloak.policies.verification;

import dev.leash.keycloak.core.WindowCounter;
import dev.leash.keycloak.policies.binding.NetworkPrefix;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Limits wrong user codes entered on the verification page, per browser and per source address (RFC
 * 8628 section 5.1; Keycloak 26.7.3 has no limit). Counted per realm in Keycloak's single-use
 * object store, so the limits hold across cluster nodes; once either is reached, that browser or
 * address gets a 429 page, even for a right code, until the window ends. The browser limit is the
 * lower one, so one person's typos or one script in an office behind a shared address does not lock
 * out the whole office at once.
 *
 * @param addressAttempts wrong codes allowed per address and window
 * @param browserAttempts wrong codes allowed per browser ({@link BrowserId}) and window
 * @param windowSeconds length of the counting window
 */
record UserCodeGuessing(int addressAttempts, int browserAttempts, long windowSeconds) {

  boolean isBlocked(
      KeycloakSession session, RealmModel realm, String address, String browser, long now) {
    return isFull(session, addressKey(realm, address), addressAttempts, now)
        || isFull(session, browserKey(realm, browser), browserAttempts, now);
  }

  /**
   * Counts a wrong code; {@code false} when the address or the browser has now used up its
   * attempts.
   */
  boolean countWrongCode(
      KeycloakSession session, RealmModel realm, String address, String browser, long now) {
    boolean addressMayGoOn = count(session, addressKey(realm, address), addressAttempts, now);
    boolean browserMayGoOn = count(session, browserKey(realm, browser), browserAttempts, now);
    return addressMayGoOn && browserMayGoOn;
  }

  private boolean isFull(KeycloakSession session, String key, int attempts, long now) {
    return WindowCounter.isFull(session.singleUseObjects(), key, attempts, windowSeconds, now);
  }

  private boolean count(KeycloakSession session, String key, int attempts, long now) {
    return WindowCounter.tryCount(session.singleUseObjects(), key, attempts, windowSeconds, now);
  }

  private static String addressKey(RealmModel realm, String address) {
    return "leash.uc-guess." + realm.getId() + "." + NetworkPrefix.countedSource(address);
  }

  private static String browserKey(RealmModel realm, String browser) {
    return "leash.uc-guess-browser." + realm.getId() + "." + browser;
  }
}
