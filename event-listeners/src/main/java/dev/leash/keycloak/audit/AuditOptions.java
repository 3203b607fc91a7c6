package dev.leash.keycloak.audit;

import dev.leash.keycloak.audit.sink.AuditSink;
import dev.leash.keycloak.audit.sink.EntryFormat;
import dev.leash.keycloak.audit.sink.JsonLinesFileSink;
import dev.leash.keycloak.audit.syslog.Facility;
import dev.leash.keycloak.audit.syslog.SyslogSink;
import dev.leash.keycloak.audit.syslog.SyslogTarget;
import dev.leash.keycloak.audit.webhook.WebhookUrlPolicy;
import dev.leash.keycloak.core.audit.AuditTrail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * @param fileRotation when the file sink renames a realm's file away
 * @param fileFormat what each line of the file holds
 * @param webhookTimeoutSeconds limit for connecting to a webhook, and again for its answer
 * @param webhookAllowHttp whether webhooks may use plain {@code http://} to any host
 * @param webhookAllowPrivate whether webhooks may reach loopback, private and link-local addresses
 * @param syslog where the syslog sink sends every realm's entries, or empty for no syslog sink
 * @param syslogFormat what each syslog message's MSG holds
 */
record AuditOptions(
    int drainIntervalSeconds,
    Optional<Path> fileDirectory,
    JsonLinesFileSink.Rotation fileRotation,
    EntryFormat fileFormat,
    int webhookTimeoutSeconds,
    boolean webhookAllowHttp,
    boolean webhookAllowPrivate,
    Optional<SyslogTarget> syslog,
    EntryFormat syslogFormat) {

  static final String DRAIN_INTERVAL = "drain-interval";
  static final String FILE_DIRECTORY = "file-directory";
  static final String FILE_MAX_SIZE = "file-max-size";
  static final String FILE_KEEP = "file-keep";
  static final String FILE_FORMAT = "file-format";
  static final String SYSLOG_FORMAT = "syslog-format";
  static final String WEBHOOK_TIMEOUT = "webhook-timeout";
  static final String WEBHOOK_ALLOW_HTTP = "webhook-allow-http";
  static final String WEBHOOK_ALLOW_PRIVATE = "webhook-allow-private";
  static final String SYSLOG_HOST = "syslog-host";
  static final String SYSLOG_PORT = "syslog-port";
  static final String SYSLOG_TLS = "syslog-tls";
  static final String SYSLOG_FACILITY = "syslog-facility";
  static final String SYSLOG_TIMEOUT = "syslog-timeout";
  static final String DEFAULT_SYSLOG_FACILITY = "authpriv";
  static final int DEFAULT_SYSLOG_TIMEOUT_SECONDS = 10;
  static final int DEFAULT_DRAIN_INTERVAL_SECONDS = 5;
  static final int DEFAULT_WEBHOOK_TIMEOUT_SECONDS = 10;
  static final long DEFAULT_FILE_MAX_SIZE = 100L * 1024 * 1024;
  static final int DEFAULT_FILE_KEEP = 10;
  static final int MAX_FILE_KEEP = 1000;

  /**
   * At most 20 s each for connecting and answering (webhook and syslog), so one delivery step
   * (which starts no request after 10 s) ends well inside the server's 60 s transaction timeout.
   */
  static final int MAX_WEBHOOK_TIMEOUT_SECONDS = 20;

  static AuditOptions from(Config.Scope config) {
    int interval = config.getInt(DRAIN_INTERVAL, DEFAULT_DRAIN_INTERVAL_SECONDS);
    if (interval <= 0) {
      throw new IllegalArgumentException(
          AuditTrail.PROVIDER_ID + " " + DRAIN_INTERVAL + " must be positive, was " + interval);
    }
    int timeout = timeoutSeconds(config, WEBHOOK_TIMEOUT, DEFAULT_WEBHOOK_TIMEOUT_SECONDS);
    String directory = config.get(FILE_DIRECTORY);
    return new AuditOptions(
        interval,
        directory == null || directory.isBlank()
            ? Optional.empty()
            : Optional.of(Path.of(directory).toAbsolutePath()),
        fileRotation(config),
        format(config, FILE_FORMAT),
        timeout,
        config.getBoolean(WEBHOOK_ALLOW_HTTP, false),
        config.getBoolean(WEBHOOK_ALLOW_PRIVATE, false),
        syslog(config),
        format(config, SYSLOG_FORMAT));
  }

  private static EntryFormat format(Config.Scope config, String option) {
    String id = config.get(option, EntryFormat.LEASH.id());
    return EntryFormat.fromId(id)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    AuditTrail.PROVIDER_ID + " " + option + " must be leash or ocsf, was " + id));
  }

  private static int timeoutSeconds(Config.Scope config, String option, int defaultSeconds) {
    int timeout = config.getInt(option, defaultSeconds);
    if (timeout <= 0 || timeout > MAX_WEBHOOK_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException(
          AuditTrail.PROVIDER_ID
              + " "
              + option
              + " must be 1 to "
              + MAX_WEBHOOK_TIMEOUT_SECONDS
              + " seconds, was "
              + timeout);
    }
    return timeout;
  }

  private static Optional<SyslogTarget> syslog(Config.Scope config) {
    String host = config.get(SYSLOG_HOST);
    if (host == null || host.isBlank()) {
      return Optional.empty();
    }
    boolean tls = config.getBoolean(SYSLOG_TLS, true);
    int port = config.getInt(SYSLOG_PORT, tls ? SyslogTarget.TLS_PORT : SyslogTarget.TCP_PORT);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          AuditTrail.PROVIDER_ID + " " + SYSLOG_PORT + " must be 1 to 65535, was " + port);
    }
    String facilityName = config.get(SYSLOG_FACILITY, DEFAULT_SYSLOG_FACILITY);
    int facility =
        Facility.parse(facilityName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        AuditTrail.PROVIDER_ID
                            + " "
                            + SYSLOG_FACILITY
                            + " must be a facility name (authpriv, local0, ...) or 0 to 23, was "
                            + facilityName));
    return Optional.of(
        new SyslogTarget(
            host.trim(),
            port,
            tls,
            facility,
            Duration.ofSeconds(
                timeoutSeconds(config, SYSLOG_TIMEOUT, DEFAULT_SYSLOG_TIMEOUT_SECONDS))));
  }

  private static JsonLinesFileSink.Rotation fileRotation(Config.Scope config) {
    long maxSize = config.getLong(FILE_MAX_SIZE, DEFAULT_FILE_MAX_SIZE);
    if (maxSize < 0) {
      throw new IllegalArgumentException(
          AuditTrail.PROVIDER_ID + " " + FILE_MAX_SIZE + " must be 0 or more, was " + maxSize);
    }
    int keep = config.getInt(FILE_KEEP, DEFAULT_FILE_KEEP);
    if (keep < 1 || keep > MAX_FILE_KEEP) {
      throw new IllegalArgumentException(
          AuditTrail.PROVIDER_ID
              + " "
              + FILE_KEEP
              + " must be 1 to "
              + MAX_FILE_KEEP
              + ", was "
              + keep);
    }
    return new JsonLinesFileSink.Rotation(maxSize, keep);
  }

  /** The sinks every realm has: the file sink and the syslog sink, where they are set. */
  List<AuditSink> serverSinks() {
    List<AuditSink> sinks = new ArrayList<>();
    fileDirectory.ifPresent(
        directory -> sinks.add(new JsonLinesFileSink(directory, fileRotation, fileFormat::line)));
    syslog.ifPresent(target -> sinks.add(new SyslogSink(target, syslogFormat::line)));
    return List.copyOf(sinks);
  }

  WebhookUrlPolicy webhookUrlPolicy() {
    return new WebhookUrlPolicy(webhookAllowHttp, webhookAllowPrivate);
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
        .name(FILE_MAX_SIZE)
        .label("File sink maximum size")
        .helpText(
            "Bytes a realm's file may hold: a line that would take it further first renames it to"
                + " <realm>.jsonl.1 (older ones move up to .2, .3, ...). Lines are never split."
                + " 0: never rotate.")
        .type(ProviderConfigProperty.STRING_TYPE)
        .defaultValue(DEFAULT_FILE_MAX_SIZE)
        .add()
        .property()
        .name(FILE_KEEP)
        .label("File sink rotated files kept")
        .helpText(
            "How many renamed files (1 to "
                + MAX_FILE_KEEP
                + ") are kept per realm; rotating deletes the oldest beyond that.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_FILE_KEEP)
        .add()
        .property()
        .name(FILE_FORMAT)
        .label("File sink format")
        .helpText(
            "What each line holds: leash (the chain entry, docs/audit-format.md) or ocsf (an OCSF"
                + " 1.1 Authentication event carrying the entry in unmapped.leash_entry).")
        .type(ProviderConfigProperty.LIST_TYPE)
        .options(EntryFormat.LEASH.id(), EntryFormat.OCSF.id())
        .defaultValue(EntryFormat.LEASH.id())
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
        .property()
        .name(WEBHOOK_ALLOW_PRIVATE)
        .label("Allow webhooks into the server's network")
        .helpText(
            "Let realms' audit webhooks reach loopback (127.0.0.0/8, ::1, localhost), private"
                + " (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), link-local (169.254/16,"
                + " fe80::/10), multicast and reserved addresses (the full list is in Leash's"
                + " docs/audit.md), by IP or by a name resolving to one. Off: such URLs are"
                + " refused when set and before every delivery, so a realm admin cannot make"
                + " Keycloak call its own management port or other internal services. Turn on"
                + " only when the receiver runs in that network.")
        .type(ProviderConfigProperty.BOOLEAN_TYPE)
        .defaultValue(false)
        .add()
        .property()
        .name(SYSLOG_HOST)
        .label("Syslog receiver host")
        .helpText(
            "Host of a syslog receiver (RFC 5424 messages over TCP, octet-counted) that gets every"
                + " realm's audit entries. Unset: no syslog sink.")
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(SYSLOG_PORT)
        .label("Syslog receiver port")
        .helpText(
            "Port of the syslog receiver. Default: "
                + SyslogTarget.TLS_PORT
                + " with TLS, "
                + SyslogTarget.TCP_PORT
                + " without.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .add()
        .property()
        .name(SYSLOG_TLS)
        .label("Syslog over TLS")
        .helpText(
            "Speak TLS to the syslog receiver (RFC 5425), trusting the JVM's trust store and"
                + " Keycloak's --truststore-paths, with the host name checked. Off: plain TCP.")
        .type(ProviderConfigProperty.BOOLEAN_TYPE)
        .defaultValue(true)
        .add()
        .property()
        .name(SYSLOG_FACILITY)
        .label("Syslog facility")
        .helpText(
            "Facility of the messages, by name (authpriv, auth, local0 ... local7) or number."
                + " authpriv: security messages that hold personal data.")
        .type(ProviderConfigProperty.STRING_TYPE)
        .defaultValue(DEFAULT_SYSLOG_FACILITY)
        .add()
        .property()
        .name(SYSLOG_TIMEOUT)
        .label("Syslog timeout")
        .helpText(
            "Seconds (1 to "
                + MAX_WEBHOOK_TIMEOUT_SECONDS
                + ") to connect to the syslog receiver, and again for each write and for the"
                + " receiver to close the connection after reading.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_SYSLOG_TIMEOUT_SECONDS)
        .add()
        .property()
        .name(SYSLOG_FORMAT)
        .label("Syslog format")
        .helpText(
            "What each message's MSG holds: leash (the chain entry) or ocsf (an OCSF 1.1"
                + " Authentication event carrying the entry in unmapped.leash_entry).")
        .type(ProviderConfigProperty.LIST_TYPE)
        .options(EntryFormat.LEASH.id(), EntryFormat.OCSF.id())
        .defaultValue(EntryFormat.LEASH.id())
        .add()
        .build();
  }
}
