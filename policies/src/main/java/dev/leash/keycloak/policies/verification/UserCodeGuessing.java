package dev.leash.keycloak.policies.verification;

import dev.leash.keycloak.core.WindowCounter;
import dev.leash.keycloak.policies.binding.NetworkPrefix;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * Limits wrong user codes entered on the verification page, per browser and per source address (RFC
 * 8628 section 5.1; Keycloak 26.7.3 has no limit). Counted per realm in Keycloak's single-use
 * object store, so the limits hold across cluster nodes; once either is reached, that browser or
 * address gets a 429 page, even for a right code, until the window ends. Every code entered is
 * counted before it is looked up; a right one is given back. The browser limit is the lower one, so
 * one person's typos or one script in an office behind a shared address does not lock out the whole
 * office at once.
 *
 * @param addressAttempts wrong codes allowed per address and window
 * @param browserAttempts wrong codes allowed per browser ({@link BrowserId}) and window
 * @param windowSeconds length of the counting window
 */
record UserCodeGuessing(int addressAttempts, int browserAttempts, long windowSeconds) {

  /**
   * Counts a code about to be looked up, against the address and the browser; empty (nothing
   * counted) when either has used up its attempts. Counting before the lookup keeps parallel
   * guesses from all being looked up before any is counted; a right code gives its count back
   * ({@link #giveBack}).
   */
  Optional<Attempt> claim(
      KeycloakSession session, RealmModel realm, String address, String browser, long now) {
    SingleUseObjectProvider store = session.singleUseObjects();
    String addressKey = addressKey(realm, address);
    if (!WindowCounter.tryCount(store, addressKey, addressAttempts, windowSeconds, now)) {
      return Optional.empty();
    }
    String browserKey = browserKey(realm, browser);
    if (!WindowCounter.tryCount(store, browserKey, browserAttempts, windowSeconds, now)) {
      WindowCounter.release(store, addressKey, addressAttempts, windowSeconds, now);
      return Optional.empty();
    }
    return Optional.of(new Attempt(addressKey, browserKey, now));
  }

  /** Takes back the count of an attempt whose code was right. */
  void giveBack(KeycloakSession session, Attempt attempt) {
    SingleUseObjectProvider store = session.singleUseObjects();
    WindowCounter.release(
        store, attempt.addressKey(), addressAttempts, windowSeconds, attempt.at());
    WindowCounter.release(
        store, attempt.browserKey(), browserAttempts, windowSeconds, attempt.at());
  }

  /** The counters one code entry counted on, and when. */
  record Attempt(String addressKey, String browserKey, long at) {}

  private static String addressKey(RealmModel realm, String address) {
    return "leash.uc-guess." + realm.getId() + "." + NetworkPrefix.countedSource(address);
  }

  private static String browserKey(RealmModel realm, String browser) {
    return "leash.uc-guess-browser." + realm.getId() + "." + browser;
  }
}
