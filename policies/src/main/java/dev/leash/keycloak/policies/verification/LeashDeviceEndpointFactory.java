package dev.leash.keycloak.policies.verification;

import dev.leash.keycloak.core.LeashClock;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.device.endpoints.DeviceEndpointFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resource.RealmResourceProvider;

/**
 * Replaces Keycloak's device verification page (realm resource {@code device}) with {@link
 * LeashDeviceEndpoint}; the higher order makes Keycloak pick this factory over its own. Server
 * options: {@code --spi-realm-restapi-extension--device--user-code-attempts}, {@code
 * ...--user-code-attempts-per-browser} and {@code ...--user-code-window} (seconds).
 */
public class LeashDeviceEndpointFactory extends DeviceEndpointFactory {

  static final String USER_CODE_ATTEMPTS = "user-code-attempts";
  static final String USER_CODE_BROWSER_ATTEMPTS = "user-code-attempts-per-browser";
  static final String USER_CODE_WINDOW = "user-code-window";
  static final int DEFAULT_USER_CODE_ATTEMPTS = 10;
  static final int DEFAULT_USER_CODE_BROWSER_ATTEMPTS = 5;
  static final long DEFAULT_USER_CODE_WINDOW_SECONDS = 300;

  private UserCodeGuessing guessing =
      new UserCodeGuessing(
          DEFAULT_USER_CODE_ATTEMPTS,
          DEFAULT_USER_CODE_BROWSER_ATTEMPTS,
          DEFAULT_USER_CODE_WINDOW_SECONDS);

  @Override
  public RealmResourceProvider create(KeycloakSession session) {
    KeycloakContext context = session.getContext();
    EventBuilder event = new EventBuilder(context.getRealm(), session, context.getConnection());
    return new LeashDeviceEndpoint(session, event, LeashClock.KEYCLOAK, guessing);
  }

  @Override
  public void init(Config.Scope config) {
    int attempts = config.getInt(USER_CODE_ATTEMPTS, DEFAULT_USER_CODE_ATTEMPTS);
    int browserAttempts =
        config.getInt(USER_CODE_BROWSER_ATTEMPTS, DEFAULT_USER_CODE_BROWSER_ATTEMPTS);
    long window = config.getLong(USER_CODE_WINDOW, DEFAULT_USER_CODE_WINDOW_SECONDS);
    if (attempts <= 0 || browserAttempts <= 0 || window <= 0) {
      throw new IllegalArgumentException(
          "device: "
              + String.join(", ", USER_CODE_ATTEMPTS, USER_CODE_BROWSER_ATTEMPTS, USER_CODE_WINDOW)
              + " must be positive");
    }
    guessing = new UserCodeGuessing(attempts, browserAttempts, window);
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name(USER_CODE_ATTEMPTS)
        .label("Wrong user codes per address")
        .helpText(
            "Wrong user codes one source address may enter on the device page per window before"
                + " it gets HTTP 429.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_USER_CODE_ATTEMPTS)
        .add()
        .property()
        .name(USER_CODE_BROWSER_ATTEMPTS)
        .label("Wrong user codes per browser")
        .helpText(
            "Wrong user codes one browser (Leash's device-page cookie) may enter per window before"
                + " it gets HTTP 429; lower than the per-address limit, so one browser is stopped"
                + " before a whole network behind one address is.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_USER_CODE_BROWSER_ATTEMPTS)
        .add()
        .property()
        .name(USER_CODE_WINDOW)
        .label("User-code window (seconds)")
        .helpText("Length of the window the wrong user codes are counted in.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_USER_CODE_WINDOW_SECONDS)
        .add()
        .build();
  }

  @Override
  public int order() {
    return 1;
  }
}
