package dev.leash.keycloak.policies.agents;

import java.util.List;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceConfig;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyVote;
import org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProvider;

/**
 * {@code leash-agent-client}: true for agent clients, on every event including the device-grant
 * ones on which Keycloak's own client conditions abstain. It looks at the request's client, which
 * Keycloak's client authentication puts into the session context.
 */
final class AgentClientCondition
    implements ClientPolicyConditionProvider<AgentClientConfiguration> {

  private final KeycloakSession session;
  private AgentClientConfiguration configuration = new AgentClientConfiguration();

  AgentClientCondition(KeycloakSession session) {
    this.session = session;
  }

  @Override
  public Class<AgentClientConfiguration> getConditionConfigurationClass() {
    return AgentClientConfiguration.class;
  }

  @Override
  public void setupConfiguration(AgentClientConfiguration configuration) {
    this.configuration = configuration;
  }

  @Override
  public ClientPolicyVote applyPolicy(ClientPolicyContext context) {
    ClientModel client = session.getContext().getClient();
    if (client == null) {
      return ClientPolicyVote.ABSTAIN;
    }
    boolean agent = isAgent(client);
    return agent != isNegativeLogic() ? ClientPolicyVote.YES : ClientPolicyVote.NO;
  }

  private boolean isAgent(ClientModel client) {
    List<String> ids = configuration.clientIds == null ? List.of() : configuration.clientIds;
    if (ids.contains(client.getClientId())) {
      return true;
    }
    if (!Boolean.FALSE.equals(configuration.deviceGrantClients)
        && Boolean.parseBoolean(
            client.getAttribute(OAuth2DeviceConfig.OAUTH2_DEVICE_AUTHORIZATION_GRANT_ENABLED))) {
      return true;
    }
    String attribute = configuration.clientAttribute;
    if (attribute != null && !attribute.isBlank()) {
      String[] nameValue = attribute.split("=", 2);
      String value = client.getAttribute(nameValue[0].trim());
      if (value != null && (nameValue.length == 1 || value.equals(nameValue[1].trim()))) {
        return true;
      }
    }
    String role = configuration.clientRole;
    return role != null && !role.isBlank() && client.getRole(role.trim()) != null;
  }

  @Override
  public boolean isNegativeLogic() {
    return Boolean.TRUE.equals(configuration.isNegativeLogic());
  }

  @Override
  public String getProviderId() {
    return AgentClientConditionFactory.PROVIDER_ID;
  }
}
