package dev.leash.keycloak.policies.expiry;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Adds the window-end table to Keycloak's database, with its Liquibase changelog. */
public class WindowEndEntities implements JpaEntityProviderFactory, JpaEntityProvider {

  static final String PROVIDER_ID = "leash-window-end";

  @Override
  public JpaEntityProvider create(KeycloakSession session) {
    return this;
  }

  @Override
  public List<Class<?>> getEntities() {
    return List.of(WindowEndEntity.class);
  }

  @Override
  public String getChangelogLocation() {
    return "META-INF/leash-window-end-changelog.xml";
  }

  @Override
  public String getFactoryId() {
    return PROVIDER_ID;
  }

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}
}
