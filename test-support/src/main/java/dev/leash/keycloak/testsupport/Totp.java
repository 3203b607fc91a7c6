package dev.leash.keycloak.testsupport;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.keycloak.models.utils.Base32;
import org.keycloak.models.utils.HmacOTP;

/**
 * The authenticator app of a test user: RFC 6238 codes (SHA-1, 6 digits, 30 s) computed with
 * Keycloak's own {@link HmacOTP}. Keycloak refuses a code it has seen before, so each call hands
 * out the current step's code, first waiting for the next step when the current one was used
 * already.
 */
public final class Totp {

  private static final int PERIOD_SECONDS = 30;
  private static final int DIGITS = 6;

  private final byte[] secret;
  private long lastUsedStep = Long.MIN_VALUE;

  /**
   * @param base32Secret the secret as an authenticator app shows it
   */
  public Totp(String base32Secret) {
    this.secret = Base32.decode(base32Secret);
  }

  public synchronized String nextCode() {
    while (currentStep() <= lastUsedStep) {
      waitForNextStep();
    }
    lastUsedStep = currentStep();
    return codeFor(lastUsedStep);
  }

  /** The code an authenticator app shows now; may already have been used. */
  public String currentCode() {
    return codeFor(currentStep());
  }

  private String codeFor(long step) {
    return new HmacOTP(DIGITS, HmacOTP.HMAC_SHA1, 1)
        .generateOTP(secret, String.format("%016X", step), DIGITS, HmacOTP.HMAC_SHA1);
  }

  private static long currentStep() {
    return Instant.now().getEpochSecond() / PERIOD_SECONDS;
  }

  private static void waitForNextStep() {
    long millisIntoStep = System.currentTimeMillis() % (PERIOD_SECONDS * 1000L);
    try {
      TimeUnit.MILLISECONDS.sleep(PERIOD_SECONDS * 1000L - millisIntoStep + 50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
