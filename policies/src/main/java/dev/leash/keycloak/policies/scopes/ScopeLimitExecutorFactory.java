package dev.leash.keycloak.policies.scopes;

import dev.leash.keycloak.core.CounterHints;
import dev.leash.keycloak.core.LeashClock;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/** {@code leash-scope-limit}: per-agent scope limits and approver restriction. */
public class ScopeLimitExecutorFactory implements ClientPolicyExecutorProviderFactory {

  public static final String PROVIDER_ID = "leash-scope-limit";

  private static final List<ProviderConfigProperty> CONFIG =
      ProviderConfigurationBuilder.create()
          .property()
          .name(ScopeLimitConfiguration.ALLOWED_SCOPES)
          .label("Allowed scopes")
          .helpText(
              "The only scopes the agent may ask for through the device grant (include openid if it"
                  + " uses it). Anything else is refused with invalid_scope naming the scope. Empty:"
                  + " no limit.")
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .add()
          .property()
          .name(ScopeLimitConfiguration.MAX_SCOPES)
          .label("Maximum scopes per request")
          .helpText("Most scopes in one device request (0: no limit).")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(0)
          .add()
          .property()
          .name(ScopeLimitConfiguration.STEP_UP_SCOPES)
          .label("Scopes that need step-up")
          .helpText(
              "Approving a request for any of these needs a second factor in the approval (Leash"
                  + " step-up); the condition 'Leash requested scope' also fires for them, and a"
                  + " code approved without step-up gets no token (invalid_grant).")
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .add()
          .property()
          .name(ScopeLimitConfiguration.APPROVER_ROLES)
          .label("Approver realm roles")
          .helpText(
              "Only members of these realm roles (or of the groups below) may approve this agent."
                  + " Others see a 'not allowed' page and the code stays pending. Empty (with no"
                  + " groups): anyone who can sign in. When several profiles cover the agent, an"
                  + " approver must pass each one's.")
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .add()
          .property()
          .name(ScopeLimitConfiguration.APPROVER_GROUPS)
          .label("Approver groups")
          .helpText("Group paths (e.g. /agent-approvers) whose members may approve this agent.")
          .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
          .add()
          .property()
          .name(ScopeLimitConfiguration.MAX_PENDING_CODES)
          .label("Maximum pending codes")
          .helpText(
              "Most device codes of this agent waiting for approval at once (0: no limit). Over it:"
                  + " slow_down, HTTP 429 with Retry-After. Counted across cluster nodes.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(0)
          .add()
          .property()
          .name(ScopeLimitConfiguration.MAX_REQUESTS)
          .label("Maximum device requests per window")
          .helpText(
              "Most device requests of this agent per window (0: no limit). Over it: slow_down,"
                  + " HTTP 429 with Retry-After until the window ends. Counted across cluster nodes.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(0)
          .add()
          .property()
          .name(ScopeLimitConfiguration.REQUEST_WINDOW)
          .label("Request window (seconds)")
          .helpText("Length of the fixed window the request limit counts in.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(60)
          .add()
          .property()
          .name(ScopeLimitConfiguration.AGENT_SETTINGS_ALLOWED)
          .label("Agents' own settings")
          .helpText(
              "Let an agent's own settings (mapper 'Leash agent policy' on its dedicated client"
                  + " scope) replace these for that agent. Whoever may manage that client can then"
                  + " change its limits and approvers, looser ones included: turn on only if client"
                  + " administrators are trusted with agents' policies.")
          .type(ProviderConfigProperty.BOOLEAN_TYPE)
          .defaultValue(false)
          .add()
          .build();

  /**
   * Where this node's last count of each agent's requests ended, so the next count starts there
   * (the counts themselves are in the single-use store).
   */
  private final CounterHints requestCounts = new CounterHints();

  @Override
  public ClientPolicyExecutorProvider<ScopeLimitConfiguration> create(KeycloakSession session) {
    return new ScopeLimitExecutor(session, LeashClock.KEYCLOAK, requestCounts);
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
    return "Leash: what an agent may ask for through the device grant (allowed scopes, how many,"
        + " which need step-up) and who may approve it (realm roles or groups).";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }
}
