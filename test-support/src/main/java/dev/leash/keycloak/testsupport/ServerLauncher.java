package dev.leash.keycloak.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Chooses how the server under test runs, from system properties the build sets:
 *
 * <ul>
 *   <li>{@code leash.it.server}: {@code distribution} (default) starts the unpacked {@code
 *       keycloak-quarkus-dist} as a process; {@code container} uses the official image through
 *       Testcontainers (profile {@code -Ptestcontainers}, needs a Docker engine);
 *   <li>{@code leash.keycloak.home}: the unpacked distribution, with the pack in {@code
 *       providers/};
 *   <li>{@code leash.keycloak.version}: the image tag for the container;
 *   <li>{@code leash.pack.jar}: the pack JAR, copied into the container;
 *   <li>{@code leash.it.log-dir}: where server logs are written.
 * </ul>
 */
final class ServerLauncher {

  private static final Logger LOG = Logger.getLogger("dev.leash.keycloak.it");

  private static final String CONTAINER_SERVER =
      "dev.leash.keycloak.testsupport.container.ContainerKeycloakServer";

  private final String kind;

  private ServerLauncher(String kind) {
    this.kind = kind;
  }

  static ServerLauncher fromSystemProperties() {
    return new ServerLauncher(System.getProperty("leash.it.server", "distribution"));
  }

  KeycloakServer start(List<String> options) {
    switch (kind) {
      case "distribution":
        LOG.info(
            "[leash-it] Keycloak under test: the unpacked distribution (the Testcontainers profile is"
                + " off; -Ptestcontainers runs the same tests against the container image)");
        return DistributionKeycloakServer.startDev(
            BuildProperties.requiredPath("leash.keycloak.home"),
            BuildProperties.requiredPath("leash.it.log-dir"),
            options,
            DistributionKeycloakServer.TEST_HEAP);
      case "container":
        return startContainer(options);
      default:
        throw new IllegalStateException(
            "leash.it.server must be distribution or container: " + kind);
    }
  }

  /** Reflective, because the container class is only compiled by the Testcontainers profile. */
  private static KeycloakServer startContainer(List<String> options) {
    try {
      return (KeycloakServer)
          Class.forName(CONTAINER_SERVER)
              .getMethod("start", Path.class, String.class, List.class)
              .invoke(
                  null,
                  BuildProperties.requiredPath("leash.pack.jar"),
                  BuildProperties.required("leash.keycloak.version"),
                  options);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "leash.it.server=container needs the -Ptestcontainers profile", e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
