package dev.leash.keycloak.core.audit;

import dev.leash.keycloak.core.DeviceCodeParams;
import dev.leash.keycloak.core.DeviceContext;
import dev.leash.keycloak.core.LeashClock;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.endpoints.request.AuthorizationEndpointRequest;

/**
 * Records an accepted device authorization request. Every Leash executor calls {@link #onAccepted}
 * when it lets a device request through; the fact is built once, when the request commits, from
 * what all executors stamped by then, and not at all when a later check refuses the request.
 */
public final class DeviceRequestAudit {

  private static final String HANDLED = DeviceRequestAudit.class.getName();

  private DeviceRequestAudit() {}

  /**
   * Gives the request its approval id (if no executor did yet) and, when the realm keeps an audit
   * trail, records the request as accepted if it commits.
   */
  public static void onAccepted(
      KeycloakSession session, AuthorizationEndpointRequest request, LeashClock clock) {
    Map<String, String> stamped = request.getAdditionalReqParams();
    String approvalId = DeviceCodeParams.ensureApprovalId(stamped);
    if (session.getAttribute(HANDLED) != null) {
      return;
    }
    // Asked once per request whether or not the realm keeps a trail: every executor calls this.
    session.setAttribute(HANDLED, Boolean.TRUE);
    AuditTrail.of(session)
        .ifPresent(
            trail -> {
              ClientModel client = session.getContext().getClient();
              long requestedAt = clock.nowSeconds();
              long lifespan =
                  session.getContext().getRealm().getOAuth2DeviceConfig().getLifespan(client);
              // Prepare participants run just before the database commit, after every executor
              // and Keycloak's own code have finished with the request.
              session
                  .getTransactionManager()
                  .enlistPrepare(
                      new AbstractKeycloakTransaction() {
                        @Override
                        protected void commitImpl() {
                          trail.record(
                              accepted(
                                  approvalId,
                                  client.getClientId(),
                                  request.getScope(),
                                  new HashMap<>(stamped),
                                  requestedAt,
                                  requestedAt + lifespan));
                        }

                        @Override
                        protected void rollbackImpl() {}
                      });
            });
  }

  static AuditFact.DeviceRequestAccepted accepted(
      String approvalId,
      String clientId,
      String scope,
      Map<String, String> stamped,
      long requestedAt,
      long keycloakExpiry) {
    long deadline = DeviceCodeParams.positiveLong(stamped, DeviceCodeParams.DEADLINE, 0);
    return new AuditFact.DeviceRequestAccepted(
        approvalId,
        clientId,
        DeviceCodeParams.scopes(scope),
        DeviceContext.from(stamped).orElse(null),
        requestedAt,
        deadline > 0 ? Math.min(deadline, keycloakExpiry) : keycloakExpiry);
  }
}
