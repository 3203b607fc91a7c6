package dev.leash.keycloak.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks a Leash audit checkpoint offline: a compact JWS ({@code header.payload.signature}) signed
 * by the realm's key whose {@code kid} is in the JWS header. {@code jwks} is the realm's key set as
 * {@code /realms/{realm}/protocol/openid-connect/certs} publishes it, fetched over HTTPS and kept
 * by the auditor (keys rotated out stay there as long as the realm keeps them).
 */
public final class LeashCheckpoint {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private LeashCheckpoint() {}

  /**
   * The signed checkpoint ({@code schema}, {@code realm_id}, {@code seq}, {@code hash}, {@code
   * created_at}) when the signature is valid under the realm's key; empty otherwise.
   */
  public static Optional<JsonNode> verify(String jws, JsonNode jwks)
      throws GeneralSecurityException {
    String[] parts = jws.split("\\.");
    if (parts.length != 3) {
      return Optional.empty();
    }
    JsonNode header = parse(BASE64URL.decode(parts[0]));
    String alg = header.path("alg").asText();
    for (JsonNode jwk : jwks.path("keys")) {
      if (!jwk.path("kid").asText().equals(header.path("kid").asText())) {
        continue;
      }
      Signature signature = signature(alg);
      signature.initVerify(publicKey(jwk));
      signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (signature.verify(BASE64URL.decode(parts[2]))) {
        JsonNode checkpoint = parse(BASE64URL.decode(parts[1]));
        if ("leash.audit-checkpoint/1".equals(checkpoint.path("schema").asText())) {
          return Optional.of(checkpoint);
        }
      }
    }
    return Optional.empty();
  }

  private static Signature signature(String alg) throws GeneralSecurityException {
    String bits = alg.substring(2);
    switch (alg.substring(0, 2)) {
      case "RS":
        return Signature.getInstance("SHA" + bits + "withRSA");
      case "PS":
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(
            new PSSParameterSpec(
                "SHA-" + bits,
                "MGF1",
                new MGF1ParameterSpec("SHA-" + bits),
                Integer.parseInt(bits) / 8,
                1));
        return pss;
      case "ES": // JWS carries R||S, as Java's P1363 format does
        return Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
      default:
        throw new GeneralSecurityException("Unsupported checkpoint algorithm " + alg);
    }
  }

  private static PublicKey publicKey(JsonNode jwk) throws GeneralSecurityException {
    if ("RSA".equals(jwk.path("kty").asText())) {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(number(jwk, "n"), number(jwk, "e")));
    }
    AlgorithmParameters curve = AlgorithmParameters.getInstance("EC");
    String crv = jwk.path("crv").asText(); // P-256, P-384, P-521
    curve.init(new ECGenParameterSpec("secp" + crv.substring(2) + "r1"));
    return KeyFactory.getInstance("EC")
        .generatePublic(
            new ECPublicKeySpec(
                new ECPoint(number(jwk, "x"), number(jwk, "y")),
                curve.getParameterSpec(ECParameterSpec.class)));
  }

  private static BigInteger number(JsonNode jwk, String member) {
    return new BigInteger(1, BASE64URL.decode(jwk.path(member).asText()));
  }

  private static JsonNode parse(byte[] json) throws GeneralSecurityException {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException("Not JSON", e);
    }
  }
}
