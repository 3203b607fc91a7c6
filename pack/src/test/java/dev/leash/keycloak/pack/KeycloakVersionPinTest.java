package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Keycloak version is pinned once, in pom.xml; the Docker build must not drift from it. */
class KeycloakVersionPinTest {

  @Test
  void dockerfileBuildsOnThePinnedKeycloak() throws IOException {
    String version = System.getProperty("leash.keycloak.version");
    String dockerfile =
        Files.readString(Path.of(System.getProperty("leash.repo.root"), "docker", "Dockerfile"));
    assertTrue(
        dockerfile.contains("ARG KEYCLOAK_VERSION=" + version + "\n"),
        "docker/Dockerfile's KEYCLOAK_VERSION must equal <keycloak.version> " + version);
  }
}
