package dev.leash.keycloak.audit;

import dev.leash.keycloak.audit.checkpoint.Checkpointer;
import dev.leash.keycloak.audit.integrity.IntegrityOptions;
import dev.leash.keycloak.audit.metrics.OutboxDepth;
import dev.leash.keycloak.audit.retention.Retention;
import dev.leash.keycloak.audit.signing.TrustedSigningKeys;
import dev.leash.keycloak.audit.store.RealmAuditCleanup;
import dev.leash.keycloak.audit.webhook.WebhookSinks;
import dev.leash.keycloak.audit.webhook.WebhookUrlPolicy;
import dev.leash.keycloak.core.ClusterWideRun;
import dev.leash.keycloak.core.LeashClock;
import dev.leash.keycloak.core.audit.AuditTrail;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
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
 * enable it, and the cluster-wide drainer that seals and delivers them on a thread of its own.
 */
public class LeashAuditListenerFactory implements EventListenerProviderFactory {

  private AuditOptions options;
  private IntegrityOptions integrity;
  private ScheduledExecutorService drainerThread;

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new LeashAuditListener(session, LeashClock.KEYCLOAK);
  }

  @Override
  public void init(Config.Scope config) {
    options = AuditOptions.from(config);
    integrity = IntegrityOptions.from(config);
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    drainerThread = singleDaemonThread(AuditDrainer.TASK_NAME);
    AuditDrainer drainer =
        new AuditDrainer(
            options.serverSinks(),
            new WebhookSinks(
                options.webhookUrlPolicy(),
                Duration.ofSeconds(options.webhookTimeoutSeconds()),
                LeashClock.KEYCLOAK),
            new OutboxDepth(
                Duration.ofSeconds(Math.max(60, 3L * options.drainIntervalSeconds())),
                System::nanoTime),
            new Checkpointer(integrity.checkpointSchedule(), LeashClock.KEYCLOAK),
            new Retention(integrity.retentionPolicy(), LeashClock.KEYCLOAK),
            LeashClock.KEYCLOAK);
    ClusterWideRun.scheduleAfterMigration(
        factory, drainer, options.drainIntervalSeconds(), AuditDrainer.BOUND, drainerThread);
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

  /** This server's {@code leash-audit} listener factory, which holds the server's audit options. */
  public static Optional<LeashAuditListenerFactory> of(KeycloakSession session) {
    return session
                .getKeycloakSessionFactory()
                .getProviderFactory(EventListenerProvider.class, AuditTrail.PROVIDER_ID)
            instanceof LeashAuditListenerFactory audit
        ? Optional.of(audit)
        : Optional.empty();
  }

  /** The keys whose signatures make checkpoints and retention marks count on this server. */
  public TrustedSigningKeys trustedSigningKeys() {
    return integrity.trustedSigningKeys();
  }

  /** Which webhook URLs this server lets realms use, for the admin API to check. */
  public WebhookUrlPolicy webhookUrlPolicy() {
    return options.webhookUrlPolicy();
  }

  @Override
  public void close() {
    if (drainerThread != null) {
      drainerThread.shutdownNow();
    }
  }

  @Override
  public String getId() {
    return AuditTrail.PROVIDER_ID;
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return Stream.concat(AuditOptions.metadata().stream(), IntegrityOptions.metadata().stream())
        .toList();
  }

  /** A daemon thread with the class loader Keycloak gave the provider, for JPA and Jackson. */
  private static ScheduledExecutorService singleDaemonThread(String name) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return Executors.newSingleThreadScheduledExecutor(
        task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          thread.setContextClassLoader(loader);
          return thread;
        });
  }
}
