package dev.leash.keycloak.audit;

import dev.leash.keycloak.audit.sink.AuditSink;
import dev.leash.keycloak.audit.sink.JsonLinesFileSink;
import dev.leash.keycloak.audit.webhook.WebhookUrlPolicy;
import dev.leash.keycloak.core.audit.AuditTrail;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Server options of {@code leash-audit} ({@code --spi-events-listener--leash-audit--<name>}), the
 * same on every node. Sink locations are server options, not realm settings: a realm admin must not
 * be able to make Keycloak write files where they choose. Realms' webhooks are set through the
 * admin API; these options only bound them.
 *
 * @param fileDirectory where the JSON-lines file sink writes, or empty for no file sink
 * @param webhookTimeoutSeconds limit for connecting to a webhook, and again for its answer
 * @param webhookAllowHttp whether webhooks may use plain {@code http://} to any host
 */
record AuditOptions(
    int drainIntervalSeconds,
    Optional<Path> fileDirectory,
    int webhookTimeoutSeconds,
    boolean webhookAllowHttp) {

  static final String DRAIN_INTERVAL = "drain-interval";
  static final String FILE_DIRECTORY = "file-directory";
  static final String WEBHOOK_TIMEOUT = "webhook-timeout";
  static final String WEBHOOK_ALLOW_HTTP = "webhook-allow-http";
  static final int DEFAULT_DRAIN_INTERVAL_SECONDS = 5;
  static final int DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;

  /**
   * At most 20 s each for connecting and answering, so one delivery step (which starts no request
   * after 10 s) ends well inside the server's 60 s transaction timeout.
   */
  static final int MAX_WEBHOOK_TIMEOUT_SECONDS = 20;

  static AuditOptions from(Config.Scope config) {
    int interval = config.getInt(DRAIN_INTERVAL, DEFAULT_DRAIN_INTERVAL_SECONDS);
    if (interval <= 0) {
      throw new IllegalArgumentException(
          AuditTrail.PROVIDER_ID + " " + DRAIN_INTERVAL + " must be positive, was " + interval);
    }
    int timeout = config.getInt(WEBHOOK_TIMEOUT, DEFAULT_WEBHOOK_TIMEOUT_SECONDS);
    if (timeout <= 0 || timeout > MAX_WEBHOOK_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException(
          AuditTrail.PROVIDER_ID
              + " "
              + WEBHOOK_TIMEOUT
              + " must be 1 to "
              + MAX_WEBHOOK_TIMEOUT_SECONDS
              + " seconds, was "
              + timeout);
    }
    String directory = config.get(FILE_DIRECTORY);
    return new AuditOptions(
        interval,
        directory == null || directory.isBlank()
            ? Optional.empty()
            : Optional.of(Path.of(directory).toAbsolutePath()),
        timeout,
        config.getBoolean(WEBHOOK_ALLOW_HTTP, false));
  }

  /** The sinks every realm has: today the file sink, when a directory is set. */
  List<AuditSink> serverSinks() {
    return fileDirectory.<AuditSink>map(JsonLinesFileSink::new).stream().toList();
  }

  WebhookUrlPolicy webhookUrlPolicy() {
    return new WebhookUrlPolicy(webhookAllowHttp);
  }

  static List<ProviderConfigProperty> metadata() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name(DRAIN_INTERVAL)
        .label("Drain interval")
        .helpText(
            "Seconds between runs of the cluster-wide task that seals new audit entries into each"
                + " realm's hash chain and delivers them to the sinks.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_DRAIN_INTERVAL_SECONDS)
        .add()
        .property()
        .name(FILE_DIRECTORY)
        .label("File sink directory")
        .helpText(
            "Directory of the JSON-lines file sink: each realm's entries are appended to"
                + " <directory>/<realm>.jsonl. Unset: no file sink. In a cluster, use storage"
                + " every node writes to.")
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WEBHOOK_TIMEOUT)
        .label("Webhook timeout")
        .helpText(
            "Seconds (1 to "
                + MAX_WEBHOOK_TIMEOUT_SECONDS
                + ") to connect to a realm's audit webhook, and again to wait for its answer."
                + " A webhook that takes longer is retried with back-off.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_WEBHOOK_TIMEOUT_SECONDS)
        .add()
        .property()
        .name(WEBHOOK_ALLOW_HTTP)
        .label("Allow http:// webhooks")
        .helpText(
            "Let realms' audit webhooks use plain http:// to any host. Off: https:// only, and"
                + " http:// only to a loopback address.")
        .type(ProviderConfigProperty.BOOLEAN_TYPE)
        .defaultValue(false)
        .add()
        .build();
  }
}
