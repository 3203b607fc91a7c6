package dev.leash.keycloak.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The leash theme's {@code template.ftl} is keycloak.v2's with one fix (see its header). This fails
 * when the Keycloak under test ships a different keycloak.v2 template, so an upgrade copies the new
 * one and re-applies the fix instead of silently keeping an old layout. No server needed.
 */
class ThemeTemplateCopyIT {

  private static final String PARENT_TEMPLATE = "theme/keycloak.v2/login/template.ftl";
  private static final String LEASH_TEMPLATE = "theme/leash/login/template.ftl";
  private static final String FIX_FROM = "<@field.group name=\"username\" label=label>";
  private static final String FIX_TO = "<@field.group name=\"kc-attempted-username\" label=label>";

  @Test
  void leashTemplateIsKeycloakV2sWithOnlyTheLabelFix() throws IOException {
    String parent = read(keycloakThemesJar(), PARENT_TEMPLATE);
    String leash = read(Path.of(System.getProperty("leash.pack.jar")), LEASH_TEMPLATE);
    String withoutHeader = leash.substring(leash.indexOf("-->") + "-->".length()).stripLeading();
    assertEquals(parent.replace(FIX_FROM, FIX_TO), withoutHeader);
  }

  private static Path keycloakThemesJar() throws IOException {
    Path lib = Path.of(System.getProperty("leash.keycloak.home"), "lib", "lib", "main");
    String version = System.getProperty("leash.keycloak.version");
    return lib.resolve("org.keycloak.keycloak-themes-" + version + ".jar");
  }

  private static String read(Path jar, String entry) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      ZipEntry found = file.getEntry(entry);
      if (found == null) {
        throw new IOException(entry + " not in " + jar);
      }
      try (InputStream in = file.getInputStream(found)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }
}
