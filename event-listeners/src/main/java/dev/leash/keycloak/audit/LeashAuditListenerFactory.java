package dev.leash.keycloak.audit;

import dev.leash.keycloak.audit.store.RealmAuditCleanup;
import dev.leash.keycloak.core.ClusterWideRun;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.audit.AuditTrail;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * {@code leash-audit}: the event listener that keeps Leash's approval records for the realms that
 * enable it, and the cluster-wide drainer that seals and delivers them.
 */
public class LeashAuditListenerFactory implements EventListenerProviderFactory {

  private AuditOptions options;

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new LeashAuditListener(session, LeashClock.KEYCLOAK);
  }

  @Override
  public void init(Config.Scope config) {
    options = AuditOptions.from(config);
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    ClusterWideRun.scheduleAfterMigration(
        factory,
        new AuditDrainer(options.sinks(), LeashClock.KEYCLOAK),
        options.drainIntervalSeconds());
    factory.register(
        event -> {
          if (event instanceof RealmModel.RealmRemovedEvent removed) {
            RealmAuditCleanup.deleteRealm(
                removed
                    .getKeycloakSession()
                    .getProvider(JpaConnectionProvider.class)
                    .getEntityManager(),
                removed.getRealm().getId());
          }
        });
  }

  @Override
  public void close() {}

  @Override
  public String getId() {
    return AuditTrail.PROVIDER_ID;
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return AuditOptions.metadata();
  }
}
