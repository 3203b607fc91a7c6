package dev.leash.keycloak.audit.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leash.keycloak.audit.LeashAuditListenerFactory;
import dev.leash.keycloak.audit.signing.TrustedSigningKeys;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/leash/audit/signing-keys}: the realm's signing keys with the RFC
 * 7638 thumbprints that the server option {@code trusted-signing-keys-file} lists, their providers'
 * types, and whether this server trusts each. Needs {@code view-events}.
 */
public final class SigningKeysResource {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminPermissionEvaluator auth;

  SigningKeysResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
    this.session = session;
    this.realm = realm;
    this.auth = auth;
  }

  /** The realm's public signing keys, of every status. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<ObjectNode> list() {
    auth.realm().requireViewEvents();
    TrustedSigningKeys trusted =
        LeashAuditListenerFactory.of(session)
            .map(LeashAuditListenerFactory::trustedSigningKeys)
            .orElse(TrustedSigningKeys.ANY);
    return session
        .keys()
        .getKeysStream(realm)
        .filter(key -> KeyUse.SIG.equals(key.getUse()))
        .flatMap(
            key ->
                TrustedSigningKeys.thumbprint(key).stream()
                    .map(
                        thumbprint -> {
                          ObjectNode json = JsonNodeFactory.instance.objectNode();
                          json.put("kid", key.getKid());
                          json.put("algorithm", key.getAlgorithmOrDefault());
                          json.put("status", String.valueOf(key.getStatus()));
                          json.put("priority", key.getProviderPriority());
                          json.put("provider", providerType(key));
                          json.put("thumbprint", thumbprint);
                          json.put("trusted", trusted.refusal(key).isEmpty());
                          return json;
                        }))
        .toList();
  }

  /**
   * The type of the key's provider ({@code rsa-generated}, {@code java-keystore}, …): whether its
   * private key is in the database, where someone who can read it can sign with it.
   */
  private String providerType(KeyWrapper key) {
    ComponentModel component =
        key.getProviderId() == null ? null : realm.getComponent(key.getProviderId());
    return component == null ? null : component.getProviderId();
  }
}
