package dev.leash.keycloak.audit.integrity;

import dev.leash.keycloak.audit.checkpoint.CheckpointSchedule;
import dev.leash.keycloak.audit.retention.RetentionPolicy;
import dev.leash.keycloak.audit.signing.TrustedSigningKeys;
import dev.leash.keycloak.core.audit.AuditTrail;
import java.nio.file.Path;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Server options of {@code leash-audit} for checkpoints and retention, the same on every node.
 *
 * @param checkpointEntries sealed entries after which the next checkpoint is signed
 * @param checkpointIntervalSeconds time after which a grown chain gets a checkpoint anyway
 * @param retentionSeconds how long entries and finished records are kept; 0 forever
 * @param trustedSigningKeys the keys whose checkpoints and retention marks count
 */
public record IntegrityOptions(
    long checkpointEntries,
    long checkpointIntervalSeconds,
    long retentionSeconds,
    TrustedSigningKeys trustedSigningKeys) {

  static final String CHECKPOINT_ENTRIES = "checkpoint-entries";
  static final String CHECKPOINT_INTERVAL = "checkpoint-interval";
  static final String RETENTION_DAYS = "retention-days";
  static final String TRUSTED_SIGNING_KEYS_FILE = "trusted-signing-keys-file";

  /**
   * Not declared, for tests only: retention in seconds, so a test need not wait a day. Wins over
   * {@link #RETENTION_DAYS}.
   */
  static final String RETENTION_TEST_SECONDS = "retention-test-seconds";

  static final int DEFAULT_CHECKPOINT_ENTRIES = 1000;
  static final int DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 3600;

  public static IntegrityOptions from(Config.Scope config) {
    int entries = positive(config, CHECKPOINT_ENTRIES, DEFAULT_CHECKPOINT_ENTRIES);
    int interval = positive(config, CHECKPOINT_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL_SECONDS);
    int days = config.getInt(RETENTION_DAYS, 0);
    if (days < 0) {
      throw new IllegalArgumentException(
          AuditTrail.PROVIDER_ID + " " + RETENTION_DAYS + " must be 0 (off) or more, was " + days);
    }
    int testSeconds = config.getInt(RETENTION_TEST_SECONDS, 0);
    String trustedKeysFile = config.get(TRUSTED_SIGNING_KEYS_FILE);
    return new IntegrityOptions(
        entries,
        interval,
        testSeconds > 0 ? testSeconds : days * 86_400L,
        trustedKeysFile == null || trustedKeysFile.isBlank()
            ? TrustedSigningKeys.ANY
            : TrustedSigningKeys.listedIn(Path.of(trustedKeysFile)));
  }

  public CheckpointSchedule checkpointSchedule() {
    return new CheckpointSchedule(checkpointEntries, checkpointIntervalSeconds);
  }

  public RetentionPolicy retentionPolicy() {
    return new RetentionPolicy(retentionSeconds);
  }

  private static int positive(Config.Scope config, String name, int defaultValue) {
    int value = config.getInt(name, defaultValue);
    if (value <= 0) {
      throw new IllegalArgumentException(
          AuditTrail.PROVIDER_ID + " " + name + " must be positive, was " + value);
    }
    return value;
  }

  public static List<ProviderConfigProperty> metadata() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name(CHECKPOINT_ENTRIES)
        .label("Checkpoint every N entries")
        .helpText(
            "Sign a checkpoint of a realm's audit chain (its last sequence number and hash, as a"
                + " JWS with the realm's active signing key) once this many entries were sealed"
                + " since the last one.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_CHECKPOINT_ENTRIES)
        .add()
        .property()
        .name(CHECKPOINT_INTERVAL)
        .label("Checkpoint interval")
        .helpText(
            "Seconds after which a realm's audit chain that grew gets a signed checkpoint even"
                + " with fewer entries. A chain that does not grow gets none.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_CHECKPOINT_INTERVAL_SECONDS)
        .add()
        .property()
        .name(RETENTION_DAYS)
        .label("Retention (days)")
        .helpText(
            "Delete audit entries older than this many days once every sink of the realm has"
                + " them (never undelivered or dead-lettered ones), and finished approval records"
                + " unchanged for as long. 0 keeps everything.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(0)
        .add()
        .property()
        .name(TRUSTED_SIGNING_KEYS_FILE)
        .label("Trusted signing keys file")
        .helpText(
            "A file on the server listing the RFC 7638 SHA-256 thumbprints of the public keys"
                + " whose signatures make checkpoints and retention marks count, one per line."
                + " Unset: any key of the realm. Someone who can write to the database can add"
                + " a key of their own, but not change this file. Read at each use.")
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .build();
  }
}
