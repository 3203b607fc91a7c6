import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The demo agent: runs the OAuth 2.0 device grant (RFC 8628) from a terminal as an AI agent or CLI
 * would. It asks for a device code, shows the person the code and link, polls at the interval the
 * server asks for, and prints the claims of the access token it receives.
 *
 * <p>Run it with nothing but a JDK: {@code java pack/src/demo/DemoAgent.java [options]}, or {@code
 * ./leash agent [options]}. Options: {@code --server URL} (default http://127.0.0.1:8080, or
 * LEASH_HTTP_PORT), {@code --realm NAME} (leash-demo), {@code --client ID} (demo-agent), {@code --scope
 * "S1 S2"} (openid profile).
 */
public class DemoAgent {

  private static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final DpopKey DPOP = new DpopKey();

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    String oidc =
        options.get("server") + "/realms/" + options.get("realm") + "/protocol/openid-connect/";
    String clientId = options.get("client");

    Map<String, String> request = new LinkedHashMap<>();
    request.put("client_id", clientId);
    request.put("scope", options.get("scope"));
    // What the agent says about itself; the approver sees it labelled "claimed by the device".
    request.put("agent_name", "Leash demo agent");
    request.put("agent_instance", orDefault(System.getenv("HOSTNAME"), "localhost"));
    request.put("purpose", options.get("purpose"));
    HttpResponse<String> device = post(oidc + "auth/device", request);
    if (device.statusCode() != 200) {
      fail("device authorization refused: " + device.body());
    }
    String deviceCode = field(device.body(), "device_code");
    long interval = Long.parseLong(orDefault(field(device.body(), "interval"), "5"));
    System.out.println();
    System.out.println("  To let this agent act for you, open:");
    System.out.println("    " + field(device.body(), "verification_uri_complete"));
    System.out.println("  and check that the page shows this code: " + field(device.body(), "user_code"));
    System.out.println("  (the code expires in " + field(device.body(), "expires_in") + " s;"
        + " it only works for this agent's DPoP key " + DPOP.thumbprint() + ")");
    System.out.println();

    Map<String, String> poll = new LinkedHashMap<>();
    poll.put("grant_type", DEVICE_CODE_GRANT);
    poll.put("device_code", deviceCode);
    poll.put("client_id", clientId);
    while (true) {
      Thread.sleep(interval * 1000);
      HttpResponse<String> answer = post(oidc + "token", poll);
      String error = field(answer.body(), "error");
      if (error == null && answer.statusCode() == 200) {
        printToken(answer.body());
        return;
      }
      switch (error == null ? "" : error) {
        case "authorization_pending":
          System.out.print(".");
          break;
        case "slow_down":
          interval += 5; // RFC 8628 section 3.5
          break;
        default:
          System.out.println();
          fail("no token: " + answer.body());
      }
    }
  }

  private static void printToken(String tokenResponse) {
    String accessToken = field(tokenResponse, "access_token");
    String payload = accessToken.split("\\.")[1];
    System.out.println();
    System.out.println("  Access granted. Token lifetime: " + field(tokenResponse, "expires_in") + " s;"
        + " refresh token: " + (field(tokenResponse, "refresh_token") == null ? "none" : "issued"));
    System.out.println("  Access-token claims:");
    System.out.println("    " + new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }

  /** Every request carries a fresh proof made with this key; the grant is bound to it. */
  private static HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
    String body =
        form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("DPoP", DPOP.proof("POST", url))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A top-level string or number field of a flat JSON object; enough for OAuth responses.
   * Possessive quantifiers: a plain alternation recurses per character and overflows the stack on
   * long tokens.
   */
  private static String field(String json, String name) {
    Matcher m =
        Pattern.compile("\"" + name + "\"\\s*:\\s*(?:\"((?:[^\"\\\\]++|\\\\.)*+)\"|(-?[0-9]+))").matcher(json);
    return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("server", "http://127.0.0.1:" + orDefault(System.getenv("LEASH_HTTP_PORT"), "8080"));
    options.put("realm", "leash-demo");
    options.put("client", "demo-agent");
    options.put("scope", "openid profile");
    options.put("purpose", "try the Leash device flow");
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
        fail("unknown option " + args[i] + "; known: --server --realm --client --scope --purpose");
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static void fail(String message) {
    System.err.println("demo-agent: " + message);
    System.exit(1);
  }

  /**
   * A DPoP key (RFC 9449): EC P-256, proofs signed ES256 with a fresh jti each. The test suite has
   * its own copy (test-support DpopKey) because this file runs on its own with {@code java}.
   */
  private static final class DpopKey {
    private final KeyPair keys;
    private final String jwk;

    DpopKey() {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      ECPoint point =
          ((ECPublicKey) keys.getPublic()).getW();
      // RFC 7638 canonical member order, so the same string serves the header and the thumbprint.
      jwk = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(point.getAffineX())
          + "\",\"y\":\"" + coordinate(point.getAffineY()) + "\"}";
    }

    String thumbprint() {
      return base64url(sha256(jwk));
    }

    String proof(String method, String url) throws Exception {
      URI uri = URI.create(url);
      String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk + "}";
      String payload = "{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"" + method
          + "\",\"htu\":\"" + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()
          + "\",\"iat\":" + Instant.now().getEpochSecond() + "}";
      String input = base64url(header.getBytes(StandardCharsets.UTF_8)) + "."
          + base64url(payload.getBytes(StandardCharsets.UTF_8));
      Signature signature =
          Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(keys.getPrivate());
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + base64url(signature.sign());
    }

    private static String coordinate(BigInteger value) {
      byte[] bytes = value.toByteArray();
      byte[] fixed = new byte[32];
      int copy = Math.min(bytes.length, 32);
      System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
      return base64url(fixed);
    }

    private static byte[] sha256(String text) {
      try {
        return MessageDigest.getInstance("SHA-256")
            .digest(text.getBytes(StandardCharsets.UTF_8));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static String base64url(byte[] bytes) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
  }
}
