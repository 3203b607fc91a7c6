package dev.leash.keycloak.audit.store;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link AuditEntities} with Keycloak's JPA storage. */
public class AuditEntitiesFactory implements JpaEntityProviderFactory {

  public static final String PROVIDER_ID = "leash-audit";

  private static final AuditEntities ENTITIES = new AuditEntities();

  @Override
  public JpaEntityProvider create(KeycloakSession session) {
    return ENTITIES;
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
}
