package dev.leash.keycloak.authenticators.stepup;

import dev.leash.keycloak.authenticators.LeashAuthenticatorFactory;
import dev.leash.keycloak.core.ApprovalFlow;
import dev.leash.keycloak.core.LeashClock;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** {@code leash-step-up}: a device approval needs a second factor completed in this approval. */
public class StepUpAuthenticatorFactory extends LeashAuthenticatorFactory {

  public static final String PROVIDER_ID = ApprovalFlow.STEP_UP_ID;

  private static final StepUpAuthenticator SINGLETON = new StepUpAuthenticator(LeashClock.KEYCLOAK);

  private static final List<ProviderConfigProperty> CONFIG =
      ProviderConfigurationBuilder.create()
          .property()
          .name(StepUpSettings.LOA)
          .label("Level of authentication")
          .helpText(
              "Level of authentication (LoA) a stepped-up approval reaches. Tokens show it as acr:"
                  + " the level number, or the acr value mapped to it in the realm's or client's"
                  + " 'ACR to LoA mapping'.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(StepUpSettings.DEFAULT_LOA)
          .add()
          .property()
          .name(StepUpSettings.MAX_AGE)
          .label("Recent step-up counts for (seconds)")
          .helpText(
              "0 (default): every approval needs a second factor used in that approval. More: a"
                  + " step-up of the same SSO session at most this many seconds ago also counts."
                  + " Give the step-up condition the same number so it skips the one-time code.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(0)
          .add()
          .property()
          .name(StepUpSettings.WITHOUT_SECOND_FACTOR)
          .label("Without a second factor")
          .helpText(
              "deny: the approval is refused with a clear page. enrol: also refused, and the"
                  + " person must set up an authenticator app at their next sign-in.")
          .type(ProviderConfigProperty.LIST_TYPE)
          .options(StepUpSettings.DENY, StepUpSettings.ENROL)
          .defaultValue(StepUpSettings.DENY)
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
