package dev.leash.keycloak.pack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a Leash webhook delivery: the header {@code Leash-Signature: t=<unix seconds>,v1=<hex>}
 * must carry the HMAC-SHA256 of {@code <t>.<raw body>} under the realm's webhook secret, and {@code
 * t} must be within five minutes of the receiver's clock, so a recorded delivery cannot be replayed
 * later.
 */
public final class LeashSignature {

  static final long TOLERANCE_SECONDS = 300;

  private LeashSignature() {}

  /** Whether {@code body} (the raw request bytes) really comes from Leash, and recently. */
  public static boolean verify(String header, byte[] body, String secret, long nowSeconds)
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
      return false; // too old (a replay) or from a clock far off
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    byte[] expected = mac.doFinal(body);
    // Constant-time comparison, so timing does not reveal how much of a forgery was right.
    return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature));
  }
}
