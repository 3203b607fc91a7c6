package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * One agent's own settings (the {@code leash-agent-policy} mapper on its dedicated scope) through
 * the admin REST API, as an admin sets them on the client's page in the console.
 */
public final class AgentPolicyMapper {

  private static final String MAPPER_NAME = "leash agent policy";

  private final AdminClient admin;
  private final String mappersPath;

  public AgentPolicyMapper(KeycloakServer server, String realm, String clientId) {
    this.admin = server.admin();
    String clientsPath = "/admin/realms/" + realm + "/clients";
    String uuid = admin.get(clientsPath + "?clientId=" + clientId).path(0).path("id").asText();
    this.mappersPath = clientsPath + "/" + uuid + "/protocol-mappers/models";
  }

  /**
   * Gives the agent these settings (replacing any it had); the answer is Keycloak's (201, or 400
   * with the reason for settings it refuses).
   */
  public HttpResponse<String> set(Map<String, String> settings) {
    clear();
    return admin.post(
        mappersPath,
        Map.of(
            "name",
            MAPPER_NAME,
            "protocol",
            "openid-connect",
            "protocolMapper",
            "leash-agent-policy",
            "config",
            settings));
  }

  /** Removes the agent's own settings: the policy's apply again. */
  public void clear() {
    for (JsonNode mapper : admin.get(mappersPath)) {
      if ("leash-agent-policy".equals(mapper.path("protocolMapper").asText())) {
        admin.send("DELETE", mappersPath + "/" + mapper.path("id").asText(), null);
      }
    }
  }
}
