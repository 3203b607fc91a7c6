package dev.leash.keycloak.policies.verification;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.OAuth2DeviceUserCodeProvider;
import org.keycloak.models.OAuth2DeviceUserCodeProviderFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code leash-strong}: longer user codes from an unambiguous alphabet ({@link
 * StrongUserCodeProvider}). Opt-in, for the whole server: {@code
 * --spi-oauth2Device-user-code--provider=leash-strong} (that spelling: Keycloak silently ignores
 * {@code --spi-oauth2-device-user-code-...}); length with {@code
 * --spi-oauth2Device-user-code--leash-strong--length} (8 to 20, default 10).
 */
public class StrongUserCodeProviderFactory implements OAuth2DeviceUserCodeProviderFactory {

  public static final String PROVIDER_ID = "leash-strong";
  static final String LENGTH = "length";
  static final int DEFAULT_LENGTH = 10;

  private StrongUserCodeProvider provider = new StrongUserCodeProvider(DEFAULT_LENGTH);

  @Override
  public OAuth2DeviceUserCodeProvider create(KeycloakSession session) {
    return provider;
  }

  @Override
  public void init(Config.Scope config) {
    provider = new StrongUserCodeProvider(config.getInt(LENGTH, DEFAULT_LENGTH));
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return PROVIDER_ID;
  }

  @Override
  public List<ProviderConfigProperty> getConfigMetadata() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name(LENGTH)
        .label("User-code length")
        .helpText(
            "Letters per user code ("
                + StrongUserCodeProvider.MIN_LENGTH
                + " to "
                + StrongUserCodeProvider.MAX_LENGTH
                + "), from the 20 consonants of RFC 8628 section 6.1, shown in groups of five.")
        .type(ProviderConfigProperty.INTEGER_TYPE)
        .defaultValue(DEFAULT_LENGTH)
        .add()
        .build();
  }
}
