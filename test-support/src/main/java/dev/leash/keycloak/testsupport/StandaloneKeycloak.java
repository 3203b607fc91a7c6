package dev.leash.keycloak.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keycloak started outside JUnit (by the benchmark, module {@code bench}) from its own copy of the
 * unpacked distribution, with the Leash pack or without it (vanilla Keycloak), so that both can run
 * side by side with the same JVM options. A copy is made once and then keeps its own build ({@code
 * lib/quarkus}): later runs only bring its pack up to date, so a server starts without
 * re-augmenting when neither the pack nor its build options changed.
 */
public final class StandaloneKeycloak {

  private StandaloneKeycloak() {}

  /**
   * Makes {@code home} a copy of the distribution at {@code original} (whose {@code providers/}
   * holds the pack), with the original's pack if {@code withLeash} and without it otherwise, and
   * runs {@code kc.sh <command>} there with {@code options} and the JVM heap options {@code heap};
   * returns once the server is ready.
   */
  public static KeycloakServer start(
      Path original,
      Path home,
      boolean withLeash,
      Path logDir,
      String command,
      List<String> options,
      String heap) {
    if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
      DistributionCopy.refresh(original, home);
    }
    removePack(home.resolve("providers"));
    if (withLeash) {
      copyPack(original.resolve("providers"), home.resolve("providers"));
    }
    return DistributionKeycloakServer.startWithAnyProviders(home, logDir, command, options, heap);
  }

  /**
   * Starts a server again on the same copy, e.g. with other options on the same database, without
   * refreshing the copy.
   */
  public static KeycloakServer startAgain(
      Path home, Path logDir, String command, List<String> options, String heap) {
    return DistributionKeycloakServer.startWithAnyProviders(home, logDir, command, options, heap);
  }

  private static void removePack(Path providers) {
    for (Path jar : packs(providers)) {
      try {
        Files.delete(jar);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Copies with the modification time, which is how Keycloak tells whether providers changed. */
  private static void copyPack(Path from, Path to) {
    for (Path jar : packs(from)) {
      try {
        Files.copy(jar, to.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static List<Path> packs(Path providers) {
    try (Stream<Path> jars = Files.list(providers)) {
      return jars.filter(jar -> jar.getFileName().toString().startsWith("leash-keycloak-"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
