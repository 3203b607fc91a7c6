package dev.leash.keycloak.policies.agents;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.keycloak.representations.idm.ClientPolicyConditionConfigurationRepresentation;

/** Which clients count as agents; a client matching any set criterion does. */
public class AgentClientConfiguration extends ClientPolicyConditionConfigurationRepresentation {

  static final String DEVICE_GRANT_CLIENTS = "device-grant-clients";
  static final String CLIENT_IDS = "client-ids";
  static final String CLIENT_ATTRIBUTE = "client-attribute";
  static final String CLIENT_ROLE = "client-role";

  @JsonProperty(DEVICE_GRANT_CLIENTS)
  Boolean deviceGrantClients;

  @JsonProperty(CLIENT_IDS)
  List<String> clientIds;

  @JsonProperty(CLIENT_ATTRIBUTE)
  String clientAttribute;

  @JsonProperty(CLIENT_ROLE)
  String clientRole;
}
