package dev.leash.keycloak.policies.agents;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProviderFactory;

/** {@code leash-agent-client}: selects the agent clients a Leash policy applies to. */
public class AgentClientConditionFactory implements ClientPolicyConditionProviderFactory {

  public static final String PROVIDER_ID = "leash-agent-client";

  private static final List<ProviderConfigProperty> CONFIG =
      ProviderConfigurationBuilder.create()
          .property()
          .name(AgentClientConfiguration.DEVICE_GRANT_CLIENTS)
          .label("Clients with the device grant")
          .helpText("Every client that has the OAuth 2.0 Device Authorization Grant enabled.")
          .type(ProviderConfigProperty.BOOLEAN_TYPE)
          .defaultValue(true)
          .add()
          .property()
          .name(AgentClientConfiguration.CLIENT_IDS)
          .label("Client IDs")
          .helpText("These clients, by client ID.")
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .add()
          .property()
          .name(AgentClientConfiguration.CLIENT_ATTRIBUTE)
          .label("Client attribute")
          .helpText(
              "Clients carrying this attribute: 'name' (any value) or 'name=value', e.g."
                  + " leash.agent=true.")
          .type(ProviderConfigProperty.STRING_TYPE)
          .add()
          .property()
          .name(AgentClientConfiguration.CLIENT_ROLE)
          .label("Client role")
          .helpText("Clients that define a client role of this name, e.g. 'agent'.")
          .type(ProviderConfigProperty.STRING_TYPE)
          .add()
          .build();

  @Override
  public ClientPolicyConditionProvider<AgentClientConfiguration> create(KeycloakSession session) {
    return new AgentClientCondition(session);
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getHelpText() {
    return "Leash: true for agent clients (device grant enabled, listed, or tagged by attribute or"
        + " client role), also on device-grant events where Keycloak's own client conditions"
        + " abstain. Any matching criterion makes a client an agent.";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }
}
