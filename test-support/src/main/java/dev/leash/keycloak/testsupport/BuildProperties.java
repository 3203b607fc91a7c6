package dev.leash.keycloak.testsupport;

import java.nio.file.Path;

/**
 * System properties that the build (failsafe, configured in {@code pack/pom.xml}) sets for tests.
 */
final class BuildProperties {

  private BuildProperties() {}

  static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property "
              + property
              + " is not set: run integration tests through Maven (failsafe)");
    }
    return value;
  }

  static Path requiredPath(String property) {
    return Path.of(required(property));
  }
}
