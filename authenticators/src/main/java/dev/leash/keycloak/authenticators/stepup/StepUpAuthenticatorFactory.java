package dev.leash.keycloak.authenticators.stepup;

import dev.leash.keycloak.authenticators.LeashAuthenticatorFactory;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** {@code leash-step-up}: a device approval needs a second factor completed in this approval. */
public class StepUpAuthenticatorFactory extends LeashAuthenticatorFactory {

  public static final String PROVIDER_ID = "leash-step-up";

  static final String LOA = "loa";
  static final int DEFAULT_LOA = 2;

  private static final StepUpAuthenticator SINGLETON = new StepUpAuthenticator();

  private static final List<ProviderConfigProperty> CONFIG =
      ProviderConfigurationBuilder.create()
          .property()
          .name(LOA)
          .label("Level of authentication")
          .helpText(
              "Level of authentication (LoA) a stepped-up approval reaches. Tokens show it as acr:"
                  + " the level number, or the acr value mapped to it in the realm's or client's"
                  + " 'ACR to LoA mapping'.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(DEFAULT_LOA)
          .add()
          .build();

  @Override
  public Authenticator create(KeycloakSession session) {
    return SINGLETON;
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getDisplayType() {
    return "Leash step-up";
  }

  @Override
  public String getReferenceCategory() {
    return "leash-step-up";
  }

  @Override
  public String getHelpText() {
    return "Lets a device approval through only if a second factor (Keycloak's OTP, WebAuthn,"
        + " passkey or recovery code, placed before it in the flow) was completed in this"
        + " approval, even with an SSO session; raises the level of authentication (acr). Without"
        + " one, nothing is approved. Place it REQUIRED at the top level, after the factor.";
  }

  @Override
  public boolean isConfigurable() {
    return true;
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }
}
