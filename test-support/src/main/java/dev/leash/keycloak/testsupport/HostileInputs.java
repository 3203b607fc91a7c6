package dev.leash.keycloak.testsupport;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Malformed and hostile requests for the device grant's endpoints, from a seeded random source so a
 * failure can be replayed: random, oversized, Unicode and control-character parameters, duplicated
 * parameters, broken form encoding, wrong content types, broken DPoP proofs and huge headers.
 */
public final class HostileInputs {

  /** A request to send as it is: form body (already encoded, possibly broken) and headers. */
  public record HostileRequest(String contentType, String body, Map<String, String> headers) {}

  /** Marks device-supplied text so a test can look for it, unescaped, in pages. */
  public static final String MARKUP = "<script>leash-fuzz</script>";

  private static final String[] PARAMETERS = {
    "client_id",
    "scope",
    "grant_type",
    "device_code",
    "agent_name",
    "purpose",
    "command",
    "agent_instance",
    "code_challenge",
    "code_challenge_method",
    "nonce",
    "claims",
    "dpop_jkt",
    "leash_deadline",
    "user_code",
    "acr_values",
    "max_age",
    "prompt",
    "request",
    "request_uri"
  };

  private static final String[] TRICKY_VALUES = {
    "",
    " ",
    "%",
    "%zz",
    "%00",
    "%C0%AF",
    "\u0000",
    "\r\n",
    "\t",
    "\u202Eexe.sh",
    "\u200B",
    "\uD83D\uDE80",
    "\uD800",
    "\uFFFD",
    "null",
    "undefined",
    "-1",
    "99999999999999999999",
    "urn:ietf:params:oauth:grant-type:device_code",
    "openid offline_access",
    MARKUP,
    "' OR '1'='1",
    "${jndi:ldap://127.0.0.1/x}",
    "../../../../etc/passwd",
    "a\u0301\u0301\u0301"
  };

  private static final String[] CONTENT_TYPES = {
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=ISO-8859-1",
    "application/x-www-form-urlencoded; charset=nonsense",
    "application/json",
    "text/plain",
    "multipart/form-data",
    "application/xml"
  };

  private final Random random;
  private final String clientId;

  /**
   * @param seed reproduces the same inputs
   * @param clientId a real client, so some inputs get past client authentication
   */
  public HostileInputs(long seed, String clientId) {
    this.random = new Random(seed);
    this.clientId = clientId;
  }

  /** The next hostile request; {@code tokenRequest} makes it a device-code poll at heart. */
  public HostileRequest next(boolean tokenRequest) {
    List<String> pairs = new ArrayList<>();
    if (random.nextInt(4) > 0) {
      pairs.add("client_id=" + (random.nextInt(5) == 0 ? encodedValue() : clientId));
    }
    if (tokenRequest && random.nextInt(4) > 0) {
      pairs.add("grant_type=" + Http.encode("urn:ietf:params:oauth:grant-type:device_code"));
    }
    int extra = random.nextInt(6);
    for (int i = 0; i < extra; i++) {
      String name = PARAMETERS[random.nextInt(PARAMETERS.length)];
      pairs.add(rawName(name) + "=" + (random.nextInt(6) == 0 ? rawValue() : encodedValue()));
      if (random.nextInt(5) == 0) {
        pairs.add(rawName(name) + "=" + encodedValue()); // the same parameter twice
      }
    }
    if (random.nextInt(10) == 0) {
      pairs.add(random.nextBoolean() ? "&&" : "=orphan");
    }
    String contentType =
        random.nextInt(3) == 0
            ? CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]
            : CONTENT_TYPES[0];
    return new HostileRequest(contentType, String.join("&", pairs), headers());
  }

  /** A hostile value for one query or form parameter, URL-encoded (the encoding itself intact). */
  public String encodedValue() {
    return Http.encode(value());
  }

  private String value() {
    return switch (random.nextInt(6)) {
      case 0 -> TRICKY_VALUES[random.nextInt(TRICKY_VALUES.length)];
      case 1 -> randomText(random.nextInt(64), 0x20, 0x7E);
      case 2 -> randomText(random.nextInt(64), 0x0, 0x2FFF);
      case 3 -> "x".repeat(1000 + random.nextInt(60_000));
      case 4 -> MARKUP + randomText(8, 0x20, 0x7E);
      default -> Integer.toString(random.nextInt());
    };
  }

  /** A value as it might arrive on the wire: not URL-encoded, so possibly broken encoding. */
  private String rawValue() {
    return TRICKY_VALUES[random.nextInt(TRICKY_VALUES.length)].replace("&", "").replace("=", "");
  }

  private String rawName(String name) {
    return random.nextInt(8) == 0 ? Http.encode(name.toUpperCase()) : name;
  }

  private Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    if (random.nextInt(3) == 0) {
      headers.put("DPoP", brokenProof());
    }
    if (random.nextInt(8) == 0) {
      headers.put("X-Leash-Fuzz", "h".repeat(4_000 + random.nextInt(20_000)));
    }
    if (random.nextInt(6) == 0) {
      headers.put("User-Agent", randomText(random.nextInt(300), 0x20, 0x7E));
    }
    if (random.nextInt(8) == 0) {
      headers.put("X-Forwarded-For", "10.0.0." + random.nextInt(256));
    }
    return headers;
  }

  /** Header-safe text that is not a valid DPoP proof: garbage, truncated or unsigned JWTs. */
  private String brokenProof() {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String header =
        switch (random.nextInt(4)) {
          case 0 -> "{\"typ\":\"dpop+jwt\",\"alg\":\"none\"}";
          case 1 -> "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\"}}";
          case 2 -> "{\"typ\":\"JWT\",\"alg\":\"HS256\"}";
          default -> randomText(20, 0x20, 0x7E);
        };
    String payload = "{\"htm\":\"POST\",\"htu\":\"x\",\"iat\":" + random.nextInt() + "}";
    String jwt =
        base64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + base64.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + base64.encodeToString(randomText(random.nextInt(90), 0x20, 0x7E).getBytes());
    return switch (random.nextInt(4)) {
      case 0 -> jwt.substring(0, random.nextInt(jwt.length()));
      case 1 -> randomText(random.nextInt(200), 0x21, 0x7E);
      default -> jwt;
    };
  }

  private String randomText(int length, int from, int to) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(from + random.nextInt(to - from + 1));
    }
    return text.toString();
  }
}
