import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo's audit webhook receiver: listens on 127.0.0.1, checks each delivery's {@code
 * Leash-Signature} (HMAC-SHA256 over {@code <t>.<body>}, {@code t} within five minutes), takes each
 * CloudEvents {@code id} once, and prints one line per audit entry.
 *
 * <p>Run it with nothing but a JDK while {@code ./leash demo} runs: {@code java
 * pack/src/demo/DemoReceiver.java [options]}, or {@code ./leash receiver [options]}. Options: {@code
 * --port N} (8099), {@code --secret S} (LEASH_WEBHOOK_SECRET, else a random one), {@code --register}
 * (point the demo realm's webhook here, as admin/admin), {@code --server URL} (http://127.0.0.1:8080,
 * or LEASH_HTTP_PORT), {@code --realm NAME} (leash-demo), {@code --name NAME} (the webhook's name,
 * demo-receiver).
 *
 * <p>A webhook on 127.0.0.1 is refused unless the server allows destinations in its own network:
 * {@code ./leash demo} starts Keycloak with {@code
 * --spi-events-listener--leash-audit--webhook-allow-private=true}; another server needs it too.
 */
public class DemoReceiver {

  static final long TOLERANCE_SECONDS = 300;
  private static final String PATH = "/leash-audit";
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    String secret = options.get("secret");
    int port = Integer.parseInt(options.get("port"));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(PATH, exchange -> receive(exchange, secret));
    server.start();
    String url = "http://127.0.0.1:" + port + PATH;
    System.out.println("Leash demo receiver listening on " + url);
    String webhook =
        options.get("server")
            + "/admin/realms/"
            + options.get("realm")
            + "/leash/audit/webhooks/"
            + options.get("name");
    if (options.containsKey("register")) {
      register(options, webhook, url, secret);
      System.out.println("Registered as webhook " + options.get("name") + " of " + options.get("realm"));
    } else {
      System.out.println("Point the demo realm's webhook here (admin token in $TOKEN):");
      System.out.println(
          "  curl -X PUT -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\");
      System.out.println(
          "    -d '{\"url\": \"" + url + "\", \"secret\": \"" + secret + "\"}' " + webhook);
    }
    System.out.println("Waiting for audit entries (Ctrl-C stops)...");
  }

  private static void receive(HttpExchange exchange, String secret) {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String header = exchange.getRequestHeaders().getFirst("Leash-Signature");
      if (!verify(header, body, secret, System.currentTimeMillis() / 1000)) {
        System.out.println("REFUSED a delivery with a wrong or old signature");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String event = new String(body, StandardCharsets.UTF_8);
      String id = text(event, "id");
      if (SEEN.add(id)) {
        System.out.println(summary(event));
      }
      exchange.sendResponseHeaders(204, -1); // Also for a repeat: it is stored already.
    } catch (Exception e) {
      System.out.println("Cannot handle a delivery: " + e);
    }
  }

  /** Checks the header as docs/audit.md describes (the same steps as LeashSignature there). */
  static boolean verify(String header, byte[] body, String secret, long nowSeconds)
      throws GeneralSecurityException {
    String timestamp = null;
    String signature = null;
    for (String part : header == null ? new String[0] : header.split(",")) {
      if (part.startsWith("t=")) {
        timestamp = part.substring(2);
      } else if (part.startsWith("v1=") && signature == null) {
        signature = part.substring(3);
      }
    }
    if (timestamp == null || !timestamp.matches("[0-9]{1,12}")) {
      return false;
    }
    if (signature == null || !signature.matches("[0-9a-f]{64}")) {
      return false;
    }
    if (Math.abs(nowSeconds - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
      return false;
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(mac.doFinal(body), HexFormat.of().parseHex(signature));
  }

  /** One line per entry: sequence number, outcome, agent, approver. Text from devices is quoted. */
  private static String summary(String event) {
    return String.format(
        "entry %s  %-9s agent=%s approver=%s record=%s",
        number(event, "seq"),
        orDash(text(event, "outcome")),
        orDash(text(event, "client_id")),
        orDash(text(event, "username")),
        orDash(text(event, "record_id")));
  }

  /** The first string member {@code name} anywhere in {@code json} (enough for a demo). */
  private static String text(String json, String name) {
    Matcher match =
        Pattern.compile("\"" + name + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
    return match.find() ? match.group(1) : null;
  }

  private static String number(String json, String name) {
    Matcher match = Pattern.compile("\"" + name + "\":([0-9]+)").matcher(json);
    return match.find() ? match.group(1) : "-";
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }

  private static void register(Map<String, String> options, String webhook, String url, String secret)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String form =
        "grant_type=password&client_id=admin-cli&username="
            + URLEncoder.encode(options.get("admin"), StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(options.get("password"), StandardCharsets.UTF_8);
    HttpResponse<String> token =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        options.get("server") + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String accessToken = text(token.body(), "access_token");
    if (accessToken == null) {
      throw new IllegalStateException("Cannot sign in as the demo admin: " + token.body());
    }
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(webhook))
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"url\":\"" + url + "\",\"secret\":\"" + secret + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() != 204) {
      throw new IllegalStateException("Cannot set the webhook: " + put.statusCode() + " " + put.body());
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    String httpPort = System.getenv("LEASH_HTTP_PORT");
    options.put("server", "http://127.0.0.1:" + (httpPort == null ? "8080" : httpPort));
    options.put("realm", "leash-demo");
    options.put("name", "demo-receiver");
    options.put("port", "8099");
    options.put("admin", "admin");
    options.put("password", "admin");
    String secret = System.getenv("LEASH_WEBHOOK_SECRET");
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    options.put("secret", secret != null ? secret : HexFormat.of().formatHex(random));
    for (int i = 0; i < args.length; i++) {
      String name = args[i].replaceFirst("^--", "");
      if (name.equals("register")) {
        options.put("register", "true");
      } else if (options.containsKey(name) && i + 1 < args.length) {
        options.put(name, args[++i]);
      } else {
        System.err.println("Unknown option " + args[i] + "; see the comment at the top of DemoReceiver.java");
        System.exit(2);
      }
    }
    return options;
  }
}
