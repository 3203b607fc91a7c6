package dev.leash.keycloak.policies.expiry;

import dev.leash.keycloak.core.ClusterWideRun;
import dev.leash.keycloak.core.LeashClock;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory;

/**
 * {@code leash-hard-expiry}: the client-policy executor that makes an agent's approved window a
 * hard end. Also schedules the cluster-wide {@link WindowEndSweeper}, whose interval is the server
 * option {@code --spi-client-policy-executor--leash-hard-expiry--sweep-interval} (seconds).
 */
public class HardExpiryExecutorFactory implements ClientPolicyExecutorProviderFactory {

  public static final String PROVIDER_ID = "leash-hard-expiry";

  static final String SWEEP_INTERVAL = "sweep-interval";
  static final long DEFAULT_SWEEP_INTERVAL_SECONDS = 30;

  private static final List<ProviderConfigProperty> CONFIG =
      ProviderConfigurationBuilder.create()
          .property()
          .name(HardExpiryConfiguration.DEVICE_CODE_LIFETIME_CAP)
          .label("Device code lifetime cap (seconds)")
          .helpText(
              "Longest time a device code may wait for a person's approval. The effective lifetime"
                  + " is the smaller of this and the realm's or client's device code lifespan; after"
                  + " it every poll answers expired_token.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(HardExpiryPolicy.DEFAULT_DEVICE_CODE_LIFETIME_CAP)
          .add()
          .property()
          .name(HardExpiryConfiguration.APPROVAL_WINDOW)
          .label("Approval window (seconds)")
          .helpText(
              "Maximum total access time after the approval. No token, refresh token or session of"
                  + " the agent outlives it; when it ends the agent's client session is ended.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(HardExpiryPolicy.DEFAULT_APPROVAL_WINDOW)
          .add()
          .property()
          .name(HardExpiryConfiguration.REFRESH_TOKENS_ALLOWED)
          .label("Allow refresh tokens")
          .helpText(
              "Off (default): the agent gets only an access token. On: it also gets a refresh"
                  + " token that expires with the approval window; refreshing after it fails with"
                  + " invalid_grant.")
          .type(ProviderConfigProperty.BOOLEAN_TYPE)
          .defaultValue(false)
          .add()
          .property()
          .name(HardExpiryConfiguration.OFFLINE_ACCESS_ALLOWED)
          .label("Allow offline_access")
          .helpText(
              "Off (default): a device request asking for offline_access is refused with"
                  + " invalid_scope. On: it is accepted, and the offline token still ends with the"
                  + " approval window (it only matters when refresh tokens are allowed).")
          .type(ProviderConfigProperty.BOOLEAN_TYPE)
          .defaultValue(false)
          .add()
          .property()
          .name(HardExpiryConfiguration.ACCESS_TOKEN_LIFETIME_CAP)
          .label("Access token lifetime cap (seconds)")
          .helpText(
              "Longest lifetime of one access token issued to the agent; never later than the end"
                  + " of the approval window either.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(HardExpiryPolicy.DEFAULT_ACCESS_TOKEN_LIFETIME_CAP)
          .add()
          .property()
          .name(HardExpiryConfiguration.POLL_ABUSE_LIMIT)
          .label("Poll abuse limit")
          .helpText(
              "Number of slow_down answers (polls faster than the interval, which grows by 5"
                  + " seconds after each) after which the device code is revoked: later polls"
                  + " answer invalid_grant.")
          .type(ProviderConfigProperty.INTEGER_TYPE)
          .defaultValue(HardExpiryPolicy.DEFAULT_POLL_ABUSE_LIMIT)
          .add()
          .build();

  private long sweepIntervalSeconds;

  @Override
  public ClientPolicyExecutorProvider<HardExpiryConfiguration> create(KeycloakSession session) {
    return new HardExpiryExecutor(session, LeashClock.KEYCLOAK);
  }

  @Override
  public void init(Config.Scope config) {
    sweepIntervalSeconds = config.getLong(SWEEP_INTERVAL, DEFAULT_SWEEP_INTERVAL_SECONDS);
    if (sweepIntervalSeconds <= 0) {
      throw new IllegalArgumentException(
          PROVIDER_ID + " " + SWEEP_INTERVAL + " must be positive, was " + sweepIntervalSeconds);
    }
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    // Every node schedules; one node per interval sweeps.
    ClusterWideRun.scheduleAfterMigration(
        factory,
        new WindowEndSweeper(LeashClock.KEYCLOAK),
        (int) sweepIntervalSeconds,
        WindowEndSweeper.BOUND);
  }

  @Override
  public void close() {}

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public String getHelpText() {
    return "Leash: ends an agent's access when its approved window ends. Caps the device code's"
        + " lifetime and every token's expiry, refuses offline_access and refresh tokens unless"
        + " allowed, and ends the agent's session at the window's end.";
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return CONFIG;
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name(SWEEP_INTERVAL)
        .label("Sweep interval")
        .helpText(
            "Seconds between runs of the cluster-wide task that ends agents' client sessions whose"
                + " approval window has passed.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_SWEEP_INTERVAL_SECONDS)
        .add()
        .build();
  }
}
