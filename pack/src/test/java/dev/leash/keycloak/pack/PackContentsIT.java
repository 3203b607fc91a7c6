package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.leash.keycloak.testsupport.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderFactory;

/**
 * Reads the built pack JAR as Keycloak does (its service files) and checks that each provider id
 * Leash ships ({@link #EXPECTED_PROVIDERS}) is registered exactly once, and that no SPI registers
 * an id twice. Runs after packaging (failsafe), without a server.
 */
class PackContentsIT {

  private static final String SERVICES = "META-INF/services/";

  /** The provider ids the pack registers (the design's list), by SPI factory interface. */
  private static final Map<String, Set<String>> EXPECTED_PROVIDERS =
      Map.of(
          "org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProviderFactory",
          Set.of("leash-hard-expiry", "leash-context-binding", "leash-scope-limit"),
          "org.keycloak.services.clientpolicy.condition.ClientPolicyConditionProviderFactory",
          Set.of("leash-agent-client"),
          "org.keycloak.authentication.AuthenticatorFactory",
          Set.of(
              "leash-device-approval",
              "leash-step-up",
              "leash-condition-device-approval",
              "leash-condition-requested-scope"),
          "org.keycloak.protocol.ProtocolMapper",
          Set.of("leash-agent-claim", "leash-agent-policy"),
          "org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory",
          Set.of("urn:ietf:params:oauth:grant-type:device_code", "refresh_token"),
          "org.keycloak.services.resource.RealmResourceProviderFactory",
          Set.of("device"),
          "org.keycloak.models.OAuth2DeviceUserCodeProviderFactory",
          Set.of("leash-strong"),
          "org.keycloak.events.EventListenerProviderFactory",
          Set.of("leash-audit"),
          "org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory",
          Set.of("leash-audit", "leash-window-end"),
          "org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory",
          Set.of("leash"));

  private static final Set<String> EXPECTED_LOGIN_THEMES = Set.of("leash");

  @Test
  void everyDesignedProviderIsRegisteredExactlyOnce() throws Exception {
    Map<String, List<String>> registered = registeredProviderIds();
    registered.forEach(
        (spi, ids) ->
            assertEquals(
                ids.size(),
                Set.copyOf(ids).size(),
                "an id is registered twice for " + spi + ": " + ids));
    EXPECTED_PROVIDERS.forEach(
        (spi, ids) ->
            assertEquals(
                ids, Set.copyOf(registered.getOrDefault(spi, List.of())), "providers of " + spi));
  }

  @Test
  void loginThemeIsDeclared() throws IOException {
    try (JarFile jar = new JarFile(packJar().toFile())) {
      JarEntry themes = jar.getJarEntry("META-INF/keycloak-themes.json");
      assertTrue(themes != null, "META-INF/keycloak-themes.json missing");
      JsonNode declared = Json.parse(read(jar, themes));
      List<String> login = new ArrayList<>();
      declared
          .path("themes")
          .forEach(
              theme -> {
                if (theme.path("types").toString().contains("\"login\"")) {
                  login.add(theme.path("name").asText());
                }
              });
      assertEquals(List.copyOf(EXPECTED_LOGIN_THEMES), login);
      assertTrue(jar.getJarEntry("theme/leash/login/theme.properties") != null);
    }
  }

  /** SPI factory interface name to the ids of the factories the JAR lists for it. */
  private static Map<String, List<String>> registeredProviderIds() throws Exception {
    Map<String, List<String>> ids = new HashMap<>();
    try (JarFile jar = new JarFile(packJar().toFile());
        URLClassLoader loader =
            new URLClassLoader(
                new URL[] {packJar().toUri().toURL()}, PackContentsIT.class.getClassLoader())) {
      for (JarEntry entry : jar.stream().toList()) {
        if (!entry.getName().startsWith(SERVICES) || entry.isDirectory()) {
          continue;
        }
        String spi = entry.getName().substring(SERVICES.length());
        for (String line : read(jar, entry).split("\n")) {
          String className = line.replaceAll("#.*", "").trim();
          if (!className.isEmpty()) {
            ProviderFactory<?> factory =
                (ProviderFactory<?>) loader.loadClass(className).getConstructor().newInstance();
            ids.computeIfAbsent(spi, key -> new ArrayList<>()).add(factory.getId());
          }
        }
      }
    }
    return ids;
  }

  private static String read(JarFile jar, JarEntry entry) throws IOException {
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Path packJar() {
    return Path.of(System.getProperty("leash.pack.jar"));
  }
}
