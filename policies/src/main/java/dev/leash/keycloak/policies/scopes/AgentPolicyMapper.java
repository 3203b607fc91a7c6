package dev.leash.keycloak.policies.scopes;

import java.util.List;
import java.util.Objects;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code leash-agent-policy}: one agent's own limits, set on its page in the admin console (Clients
 * → agent → Client scopes → dedicated scope → Add mapper → By configuration). It changes nothing in
 * tokens: it implements none of Keycloak's token-mapper interfaces, so Keycloak never calls it
 * while issuing tokens. {@link ScopeLimitExecutor} reads its settings over the policy's.
 *
 * <p>A protocol mapper rather than the admin-UI tab SPI, which is experimental in 26.7.3 and stores
 * one realm-wide form: mappers have a per-client form, are stable, and travel with the client
 * through realm export/import, keycloak-config-cli and the Terraform provider.
 */
public class AgentPolicyMapper extends AbstractOIDCProtocolMapper {

  public static final String PROVIDER_ID = "leash-agent-policy";

  private static final String BLANK_KEEPS = " Blank: the policy's setting.";

  private static final List<ProviderConfigProperty> CONFIG =
      ProviderConfigurationBuilder.create()
          .property()
          .name(ScopeLimitConfiguration.ALLOWED_SCOPES)
          .label("Allowed scopes")
          .helpText(
              "The only scopes this agent may ask for through the device grant, replacing the"
                  + " policy's list (include openid if it uses it)."
                  + BLANK_KEEPS)
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .add()
          .property()
          .name(ScopeLimitConfiguration.MAX_SCOPES)
          .label("Maximum scopes per request")
          .helpText("Most scopes in one device request (0: no limit)." + BLANK_KEEPS)
          .type(ProviderConfigProperty.STRING_TYPE)
          .add()
          .property()
          .name(ScopeLimitConfiguration.STEP_UP_SCOPES)
          .label("Scopes that need step-up")
          .helpText("Approving any of these needs a second factor." + BLANK_KEEPS)
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .add()
          .property()
          .name(ScopeLimitConfiguration.APPROVER_ROLES)
          .label("Approver realm roles")
          .helpText(
              "Members of these realm roles (or of the groups below) may approve this agent."
                  + " Filling in roles or groups replaces both of the policy's approver settings."
                  + BLANK_KEEPS)
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .add()
          .property()
          .name(ScopeLimitConfiguration.APPROVER_GROUPS)
          .label("Approver groups")
          .helpText("Group paths (e.g. /agent-approvers) whose members may approve." + BLANK_KEEPS)
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .add()
          .property()
          .name(ScopeLimitConfiguration.MAX_PENDING_CODES)
          .label("Maximum pending codes")
          .helpText(
              "Most device codes of this agent waiting for approval at once (0: no limit)."
                  + BLANK_KEEPS)
          .type(ProviderConfigProperty.STRING_TYPE)
          .add()
          .property()
          .name(ScopeLimitConfiguration.MAX_REQUESTS)
          .label("Maximum device requests per window")
          .helpText("Most device requests of this agent per window (0: no limit)." + BLANK_KEEPS)
          .type(ProviderConfigProperty.STRING_TYPE)
          .add()
          .property()
          .name(ScopeLimitConfiguration.REQUEST_WINDOW)
          .label("Request window (seconds)")
          .helpText("Length of the window the request limit counts in." + BLANK_KEEPS)
          .type(ProviderConfigProperty.STRING_TYPE)
          .add()
          .build();

  /**
   * This agent's own settings; none (the policy's apply) without a {@code leash-agent-policy}
   * mapper.
   */
  static AgentPolicySettings settingsOf(ClientModel client) {
    return new AgentPolicySettings(
        client
            .getProtocolMappersStream()
            .filter(mapper -> PROVIDER_ID.equals(mapper.getProtocolMapper()))
            .findFirst()
            .map(ProtocolMapperModel::getConfig)
            .orElse(null));
  }

  @Override
  public void validateConfig(
      KeycloakSession session,
      RealmModel realm,
      ProtocolMapperContainerModel container,
      ProtocolMapperModel mapper)
      throws ProtocolMapperConfigException {
    if (!(container instanceof ClientModel client)) {
      throw refusal(
          "Leash agent policy belongs on the dedicated scope of an agent, not on a shared scope");
    }
    boolean another =
        client
            .getProtocolMappersStream()
            .anyMatch(
                other ->
                    PROVIDER_ID.equals(other.getProtocolMapper())
                        && !Objects.equals(other.getId(), mapper.getId()));
    if (another) {
      throw refusal("This agent already has a Leash agent policy mapper");
    }
    var problem = new AgentPolicySettings(mapper.getConfig()).problem();
    if (problem.isPresent()) {
      throw refusal(problem.get());
    }
  }

  /**
   * Keycloak looks the message key up in the admin messages and formats it with {@link
   * java.text.MessageFormat}; without a key it fails with HTTP 500. The message is its own key (no
   * such admin message exists, so it is shown as written: keep apostrophes and braces out).
   */
  private static ProtocolMapperConfigException refusal(String message) {
    return new ProtocolMapperConfigException(message, message);
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getDisplayType() {
    return "Leash agent policy";
  }

  @Override
  public String getDisplayCategory() {
    return "Leash";
  }

  @Override
  public String getHelpText() {
    return "This agent's own device-grant limits and approvers, replacing the client policy's"
        + " (leash-scope-limit) setting by setting. Adds nothing to tokens.";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }
}
