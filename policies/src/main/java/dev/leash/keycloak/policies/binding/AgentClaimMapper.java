package dev.leash.keycloak.policies.binding;

import dev.leash.keycloak.core.SessionNotes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;
import org.keycloak.util.JsonSerialization;

/**
 * {@code leash-agent-claim}: adds the {@code agent} claim to tokens issued through Leash's device
 * grant (approval id, approver, requesting address, binding mode, declared agent fields). Tokens
 * from other grants get nothing. Leash's device grant leaves the claim on the client session.
 */
public class AgentClaimMapper extends AbstractOIDCProtocolMapper
    implements OIDCAccessTokenMapper,
        OIDCIDTokenMapper,
        UserInfoTokenMapper,
        TokenIntrospectionTokenMapper {

  public static final String PROVIDER_ID = "leash-agent-claim";

  private static final Logger LOG = Logger.getLogger(AgentClaimMapper.class);

  private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

  static {
    OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, AgentClaimMapper.class);
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getDisplayType() {
    return "Leash agent claim";
  }

  @Override
  public String getDisplayCategory() {
    return TOKEN_MAPPER_CATEGORY;
  }

  @Override
  public String getHelpText() {
    return "Adds the 'agent' claim to tokens from the device grant: approval id, approver's user id,"
        + " requesting IP address, binding mode and the fields the agent declared (unverified).";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }

  @Override
  protected void setClaim(
      IDToken token,
      ProtocolMapperModel mappingModel,
      UserSessionModel userSession,
      KeycloakSession session,
      ClientSessionContext clientSessionCtx) {
    String claim = clientSessionCtx.getClientSession().getNote(SessionNotes.AGENT_CLAIM);
    if (claim == null) {
      return;
    }
    try {
      token
          .getOtherClaims()
          .put(AgentClaim.CLAIM_NAME, JsonSerialization.readValue(claim, Map.class));
    } catch (IOException e) {
      LOG.warnf("Unreadable %s note on a client session; no agent claim", SessionNotes.AGENT_CLAIM);
    }
  }
}
