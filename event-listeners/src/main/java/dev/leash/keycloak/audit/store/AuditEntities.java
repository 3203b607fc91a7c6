package dev.leash.keycloak.audit.store;

import dev.leash.keycloak.audit.checkpoint.CheckpointEntity;
import dev.leash.keycloak.audit.retention.RetentionMarkEntity;
import dev.leash.keycloak.audit.webhook.WebhookEntity;
import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Leash's audit tables, added to Keycloak's database with their Liquibase changelog. */
final class AuditEntities implements JpaEntityProvider {

  static final String CHANGELOG = "META-INF/leash-audit-changelog.xml";

  @Override
  public List<Class<?>> getEntities() {
    return List.of(
        AuditRecordEntity.class,
        AuditEntryEntity.class,
        ChainHeadEntity.class,
        SinkCursorEntity.class,
        CheckpointEntity.class,
        DeadLetterEntity.class,
        RetentionMarkEntity.class,
        WebhookEntity.class);
  }

  @Override
  public String getChangelogLocation() {
    return CHANGELOG;
  }

  @Override
  public String getFactoryId() {
    return AuditEntitiesFactory.PROVIDER_ID;
  }

  @Override
  public void close() {}
}
