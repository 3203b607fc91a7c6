package dev.leash.keycloak.policies.binding;

import dev.leash.keycloak.core.BindingMode;
import dev.leash.keycloak.core.LeashClock;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** {@code leash-context-binding}: binds a device-grant approval to the device that asked. */
public class ContextBindingExecutorFactory implements ClientPolicyExecutorProviderFactory {

  public static final String PROVIDER_ID = "leash-context-binding";

  private static final List<ProviderConfigProperty> CONFIG =
      ProviderConfigurationBuilder.create()
          .property()
          .name(ContextBindingConfiguration.BINDING_MODE)
          .label("Binding mode")
          .helpText(
              "What every poll for the token must share with the device that asked for the code."
                  + " dpop: a DPoP proof made with the same key (requests without a DPoP key fall"
                  + " back as set below). ip: the same source address (or network prefix). none:"
                  + " the context is recorded for the approver and the audit trail only.")
          .type(ProviderConfigProperty.LIST_TYPE)
          .options(BindingMode.DPOP.id(), BindingMode.IP.id(), BindingMode.NONE.id())
          .defaultValue(BindingMode.DPOP.id())
          .add()
          .property()
          .name(ContextBindingConfiguration.REQUIRE_DPOP)
          .label("Require DPoP")
          .helpText(
              "Refuse device requests (invalid_request) that neither carry a DPoP proof header nor"
                  + " name a key with dpop_jkt.")
          .type(ProviderConfigProperty.BOOLEAN_TYPE)
          .defaultValue(false)
          .add()
          .property()
          .name(ContextBindingConfiguration.IP_FALLBACK)
          .label("Address fallback")
          .helpText(
              "In dpop mode, bind a request without a DPoP key to its source address. Off: such a"
                  + " request is not bound at all.")
          .type(ProviderConfigProperty.BOOLEAN_TYPE)
          .defaultValue(true)
          .add()
          .property()
          .name(ContextBindingConfiguration.IPV4_PREFIX)
          .label("IPv4 prefix length")
          .helpText(
              "Leading bits of an IPv4 source address a poll must share with the request (32:"
                  + " the same address; 24: the same /24 network).")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(32)
          .add()
          .property()
          .name(ContextBindingConfiguration.IPV6_PREFIX)
          .label("IPv6 prefix length")
          .helpText("The same for IPv6 source addresses (128: the same address; 64: the same /64).")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(128)
          .add()
          .property()
          .name(ContextBindingConfiguration.DECLARED_FIELDS)
          .label("Declared fields")
          .helpText(
              "Request parameters an agent may use to describe itself to the approver (shown as"
                  + " claimed by the device, never as verified). Lower-case names; values with"
                  + " control characters, invalid UTF-8 or over the length limit are refused with"
                  + " invalid_request.")
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .defaultValue(String.join("##", BindingPolicy.DEFAULT_DECLARED_FIELDS))
          .add()
          .property()
          .name(ContextBindingConfiguration.MAX_FIELD_LENGTH)
          .label("Declared field length limit")
          .helpText("Longest accepted value of a declared field, in characters.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(BindingPolicy.DEFAULT_MAX_FIELD_LENGTH)
          .add()
          .build();

  @Override
  public ClientPolicyExecutorProvider<ContextBindingConfiguration> create(KeycloakSession session) {
    return new ContextBindingExecutor(session, LeashClock.KEYCLOAK);
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
    return "Leash: records the context of the device that asks for a device code (address, user"
        + " agent, DPoP key, declared agent fields) and binds the grant to it, so a leaked device"
        + " code is useless to anyone else.";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }
}
