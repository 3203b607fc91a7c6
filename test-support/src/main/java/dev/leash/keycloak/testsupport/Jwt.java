package dev.leash.keycloak.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads a JWT's claims without verifying it (tests check claims; Keycloak checks signatures). */
public final class Jwt {

  private Jwt() {}

  public static JsonNode claims(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      throw new IllegalArgumentException("not a JWT");
    }
    return Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }
}
