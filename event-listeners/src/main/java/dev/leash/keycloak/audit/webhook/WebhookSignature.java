package dev.leash.keycloak.audit.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Leash-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}, the MAC over
 * {@code <t> + "." + <body>} with the realm's webhook secret (its UTF-8 bytes) as key. Signing the
 * time with the body lets a receiver refuse old deliveries replayed by someone who recorded them.
 */
public final class WebhookSignature {

  public static final String HEADER = "Leash-Signature";

  private WebhookSignature() {}

  public static String header(String secret, long timestamp, byte[] body) {
    return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac(secret, timestamp, body));
  }

  private static byte[] mac(String secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Every Java runtime has HmacSHA256", e);
    }
  }
}
