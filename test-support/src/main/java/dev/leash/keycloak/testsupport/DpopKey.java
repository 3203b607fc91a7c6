package dev.leash.keycloak.testsupport;

import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** An agent's DPoP key (RFC 9449): an EC P-256 key pair that signs proofs, each with a new jti. */
public final class DpopKey {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final KeyPair keys;
  private final Map<String, String> publicJwk;

  private DpopKey(KeyPair keys) {
    this.keys = keys;
    ECPublicKey key = (ECPublicKey) keys.getPublic();
    // RFC 7638 member order (alphabetical) so the thumbprint input is canonical.
    publicJwk = new LinkedHashMap<>();
    publicJwk.put("crv", "P-256");
    publicJwk.put("kty", "EC");
    publicJwk.put("x", coordinate(key.getW().getAffineX()));
    publicJwk.put("y", coordinate(key.getW().getAffineY()));
  }

  public static DpopKey generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return new DpopKey(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key's RFC 7638 SHA-256 thumbprint, as in {@code cnf.jkt} and {@code dpop_jkt}. */
  public String thumbprint() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(Json.write(publicJwk).getBytes(StandardCharsets.UTF_8));
      return BASE64URL.encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A proof for a request to {@code uri} with HTTP method {@code method}. */
  public String proof(String method, URI uri) {
    return proof(method, uri, null);
  }

  /** A proof for a resource request that presents {@code accessToken} (adds {@code ath}). */
  public String proof(String method, URI uri, String accessToken) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "dpop+jwt");
    header.put("alg", "ES256");
    header.put("jwk", publicJwk);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("jti", UUID.randomUUID().toString());
    payload.put("htm", method);
    payload.put("htu", uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath());
    payload.put("iat", Instant.now().getEpochSecond());
    if (accessToken != null) {
      payload.put("ath", BASE64URL.encodeToString(sha256(accessToken)));
    }
    String signingInput = part(Json.write(header)) + "." + part(Json.write(payload));
    return signingInput + "." + BASE64URL.encodeToString(sign(signingInput));
  }

  private byte[] sign(String signingInput) {
    try {
      // JWS ES256 wants R || S, which the P1363 format gives directly (not DER).
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initSign(keys.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String part(String json) {
    return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A P-256 coordinate as exactly 32 unsigned big-endian bytes, base64url. */
  private static String coordinate(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[32];
    int copy = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
    return BASE64URL.encodeToString(fixed);
  }
}
