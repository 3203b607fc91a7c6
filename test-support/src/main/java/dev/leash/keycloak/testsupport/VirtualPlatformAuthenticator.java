package dev.leash.keycloak.testsupport;

import java.util.List;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * A WebAuthn authenticator built into the browser (like a laptop's fingerprint reader), simulated
 * by Chromium through WebDriver: it answers every registration and sign-in request of the pages in
 * that browser, with the user present and verified, and keeps its keys until removed.
 */
public final class VirtualPlatformAuthenticator {

  private final VirtualAuthenticator authenticator;

  private VirtualPlatformAuthenticator(VirtualAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  /**
   * Plugs a CTAP2 platform authenticator with resident keys and user verification into Chromium.
   */
  public static VirtualPlatformAuthenticator attachTo(HeadlessChromium chromium) {
    VirtualAuthenticatorOptions options =
        new VirtualAuthenticatorOptions()
            .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
            .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
            .setHasResidentKey(true)
            .setHasUserVerification(true)
            .setIsUserVerified(true)
            .setIsUserConsenting(true);
    return new VirtualPlatformAuthenticator(chromium.driver().addVirtualAuthenticator(options));
  }

  /** The keys it holds, one per registration. */
  public List<Credential> credentials() {
    return authenticator.getCredentials();
  }

  /** Forgets every key, as a replaced device would: sign-ins with it fail from now on. */
  public void forgetCredentials() {
    authenticator.removeAllCredentials();
  }
}
