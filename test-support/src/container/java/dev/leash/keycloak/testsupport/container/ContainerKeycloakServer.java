package dev.leash.keycloak.testsupport.container;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import dev.leash.keycloak.testsupport.KeycloakServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Keycloak from the official container image, with the pack added as a provider. Compiled only by the
 * {@code testcontainers} profile; started reflectively by the harness. Without a Docker engine the
 * tests are skipped with a message saying so, never failed.
 */
public final class ContainerKeycloakServer implements KeycloakServer {

  private static final String NO_DOCKER =
      "Skipped: the testcontainers profile needs a Docker engine and none is reachable here";

  private final KeycloakContainer container;

  private ContainerKeycloakServer(KeycloakContainer container) {
    this.container = container;
  }

  public static KeycloakServer start(Path packJar, String keycloakVersion, List<String> options) {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      // JUnit does not print why a class was aborted, so say it here.
      Logger.getLogger("dev.leash.keycloak.it").info(NO_DOCKER);
      Assumptions.abort(NO_DOCKER);
    }
    KeycloakContainer container =
        new KeycloakContainer("keycloak/keycloak:" + keycloakVersion)
            .withAdminUsername(ADMIN_USERNAME)
            .withAdminPassword(ADMIN_PASSWORD)
            .withProviderLibsFrom(List.of(packJar.toFile()));
    if (!options.isEmpty()) {
      container.withCustomCommand(String.join(" ", options));
    }
    container.start();
    return new ContainerKeycloakServer(container);
  }

  @Override
  public URI baseUri() {
    return URI.create(container.getAuthServerUrl().replaceAll("/$", ""));
  }

  @Override
  public URI managementUri() {
    return URI.create(container.getMgmtServerUrl().replaceAll("/$", ""));
  }

  @Override
  public void close() {
    container.stop();
  }
}
