package dev.leash.keycloak.audit;

import dev.leash.keycloak.audit.sink.AuditSink;
import dev.leash.keycloak.audit.sink.JsonLinesFileSink;
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
 * be able to make Keycloak write files where they choose.
 *
 * @param fileDirectory where the JSON-lines file sink writes, or empty for no file sink
 */
record AuditOptions(int drainIntervalSeconds, Optional<Path> fileDirectory) {

  static final String DRAIN_INTERVAL = "drain-interval";
  static final String FILE_DIRECTORY = "file-directory";
  static final int DEFAULT_DRAIN_INTERVAL_SECONDS = 5;

  static AuditOptions from(Config.Scope config) {
    int interval = config.getInt(DRAIN_INTERVAL, DEFAULT_DRAIN_INTERVAL_SECONDS);
    if (interval <= 0) {
      throw new IllegalArgumentException(
          AuditTrail.PROVIDER_ID + " " + DRAIN_INTERVAL + " must be positive, was " + interval);
    }
    String directory = config.get(FILE_DIRECTORY);
    return new AuditOptions(
        interval,
        directory == null || directory.isBlank()
            ? Optional.empty()
            : Optional.of(Path.of(directory).toAbsolutePath()));
  }

  List<AuditSink> sinks() {
    return fileDirectory.<AuditSink>map(JsonLinesFileSink::new).stream().toList();
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
        .build();
  }
}
