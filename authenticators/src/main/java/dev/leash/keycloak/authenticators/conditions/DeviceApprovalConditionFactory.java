package dev.leash.keycloak.authenticators.conditions;

import dev.leash.keycloak.authenticators.LeashAuthenticatorFactory;
import dev.leash.keycloak.core.LeashConditions;
import java.util.List;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** {@code leash-condition-device-approval}: the flow is approving a device code. */
public class DeviceApprovalConditionFactory extends LeashAuthenticatorFactory
    implements ConditionalAuthenticatorFactory {

  public static final String PROVIDER_ID = LeashConditions.DEVICE_APPROVAL_ID;

  private static final List<ProviderConfigProperty> CONFIG =
      ProviderConfigurationBuilder.create()
          .property()
          .name(LeashConditions.UNLESS_STEPPED_UP_WITHIN)
          .label("Unless stepped up within (seconds)")
          .helpText(
              "0 (default): true for every device approval. More: false when the person's SSO"
                  + " session passed Leash step-up at most this many seconds ago, so the one-time"
                  + " code is not asked again. Use the same number as Leash step-up's allowance.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(0)
          .add()
          .build();

  @Override
  public ConditionalAuthenticator getSingleton() {
    return DeviceApprovalCondition.INSTANCE;
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getDisplayType() {
    return "Condition - Leash device approval";
  }

  @Override
  public String getHelpText() {
    return "True while the flow is approving a device code (OAuth 2.0 device grant), so a"
        + " conditional sub-flow can demand a second factor for device approvals only.";
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
