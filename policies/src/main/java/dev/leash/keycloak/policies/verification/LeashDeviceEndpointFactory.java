package dev.leash.keycloak.policies.verification;

import dev.leash.keycloak.core.LeashClock;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.device.endpoints.DeviceEndpointFactory;
import org.keycloak.services.resource.RealmResourceProvider;

/**
 * Replaces Keycloak's device verification page (realm resource {@code device}) with {@link
 * LeashDeviceEndpoint}; the higher order makes Keycloak pick this factory over its own.
 */
public class LeashDeviceEndpointFactory extends DeviceEndpointFactory {

  @Override
  public RealmResourceProvider create(KeycloakSession session) {
    KeycloakContext context = session.getContext();
    EventBuilder event = new EventBuilder(context.getRealm(), session, context.getConnection());
    return new LeashDeviceEndpoint(session, event, LeashClock.KEYCLOAK);
  }

  @Override
  public int order() {
    return 1;
  }
}
