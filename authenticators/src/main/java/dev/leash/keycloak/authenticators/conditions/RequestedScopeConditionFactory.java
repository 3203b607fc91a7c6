package dev.leash.keycloak.authenticators.conditions;

import dev.leash.keycloak.authenticators.LeashAuthenticatorFactory;
import dev.leash.keycloak.core.LeashConditions;
import java.util.List;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** {@code leash-condition-requested-scope}: the device code asks for one of the given scopes. */
public class RequestedScopeConditionFactory extends LeashAuthenticatorFactory
    implements ConditionalAuthenticatorFactory {

  public static final String PROVIDER_ID = LeashConditions.REQUESTED_SCOPE_ID;

  private static final List<ProviderConfigProperty> CONFIG =
      ProviderConfigurationBuilder.create()
          .property()
          .name(LeashConditions.SCOPES)
          .label("Scopes")
          .helpText(
              "The condition is true when the device code being approved grants any of these"
                  + " scopes (asked for, or a default scope of the agent), or any scope the"
                  + " agent's policy marks as needing step-up; e.g. to demand a second factor"
                  + " only for sensitive access.")
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .add()
          .build();

  @Override
  public ConditionalAuthenticator getSingleton() {
    return RequestedScopeCondition.INSTANCE;
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getDisplayType() {
    return "Condition - Leash requested scope";
  }

  @Override
  public String getHelpText() {
    return "True when the device code being approved grants any of the configured scopes, or a"
        + " scope the agent's policy marks as needing step-up.";
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
