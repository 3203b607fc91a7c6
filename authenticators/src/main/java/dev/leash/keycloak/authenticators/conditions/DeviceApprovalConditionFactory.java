package dev.leash.keycloak.authenticators.conditions;

import dev.leash.keycloak.authenticators.LeashAuthenticatorFactory;
import java.util.List;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;

/** {@code leash-condition-device-approval}: the flow is approving a device code. */
public class DeviceApprovalConditionFactory extends LeashAuthenticatorFactory
    implements ConditionalAuthenticatorFactory {

  public static final String PROVIDER_ID = "leash-condition-device-approval";

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
    return false;
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return List.of();
  }
}
