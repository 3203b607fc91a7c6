package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads a JWT's claims without verifying it (tests check claims; Keycloak checks signatures), and
 * writes unsigned ones for tests of what a server does with them.
 */
public final class Jwt {

  private Jwt() {}

  public static JsonNode claims(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      throw new IllegalArgumentException("not a JWT");
    }
    return Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  /** An unsigned ({@code alg: none}) JWT of {@code claimsJson}, e.g. a request object. */
  public static String unsigned(String claimsJson) {
    return base64Url("{\"alg\":\"none\"}") + "." + base64Url(claimsJson) + ".";
  }

  private static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
