package dev.leash.keycloak.audit.signing;

import dev.leash.keycloak.audit.LeashAuditListenerFactory;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.keycloak.common.VerificationException;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureException;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Compact JWS that the drainer signs with the realm's active signing key (its default signature
 * algorithm, when asymmetric) through Keycloak's own key manager and signature providers, so an
 * auditor checks them with the realm's published keys ({@code
 * /realms/{realm}/protocol/openid-connect/certs}). Checkpoints and retention marks are such JWS,
 * each with its own {@code typ}.
 */
public final class RealmJws {

  /**
   * @param kid the id of the key that signed it
   * @param jws the compact JWS
   */
  public record Signed(String kid, String jws) {}

  /**
   * @param content the signed bytes, when the signature holds
   * @param kid the id of the key that signed them, when the signature holds
   * @param problem why it does not hold, or {@code null}
   */
  public record Checked(byte[] content, String kid, String problem) {

    public boolean valid() {
      return problem == null;
    }

    static Checked invalid(String problem) {
      return new Checked(null, null, problem);
    }
  }

  private RealmJws() {}

  /**
   * Signs with the realm's active key, or with the active key of the highest priority among those
   * the server trusts ({@link TrustedSigningKeys}).
   *
   * @throws IllegalStateException when the realm has no active key it can sign with
   */
  public static Signed sign(
      KeycloakSession session, RealmModel realm, String type, byte[] content) {
    String preferred = algorithm(session, realm);
    KeyWrapper key =
        trusted(session)
            .signingKey(session, realm, preferred)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Realm "
                            + realm.getName()
                            + " has no active "
                            + preferred
                            + " signing key, or none among those trusted"));
    // A pinned key may be of another algorithm than the realm's default.
    String algorithm = Objects.requireNonNullElse(key.getAlgorithmOrDefault(), preferred);
    try {
      String jws =
          new JWSBuilder()
              .type(type)
              .content(content)
              .sign(session.getProvider(SignatureProvider.class, algorithm).signer(key));
      return new Signed(key.getKid(), jws);
    } catch (SignatureException e) {
      throw new IllegalStateException("Cannot sign a " + type + " of realm " + realm.getName(), e);
    }
  }

  /**
   * Checks {@code jws} against the realm's keys, rotated-out (passive) ones included: that it has
   * type {@code type}, a public-key algorithm, a key of the realm that the server trusts ({@link
   * TrustedSigningKeys}), and a valid signature. What it signs is the caller's to read.
   */
  public static Checked check(KeycloakSession session, RealmModel realm, String jws, String type) {
    JWSInput input;
    try {
      input = new JWSInput(jws);
    } catch (JWSInputException | RuntimeException unreadable) {
      return Checked.invalid("its JWS cannot be read");
    }
    if (input.getHeader() == null || input.getHeader().getRawAlgorithm() == null) {
      return Checked.invalid("its JWS names no algorithm");
    }
    if (!type.equals(input.getHeader().getType())) {
      return Checked.invalid("its JWS is not of type " + type);
    }
    String algorithm = input.getHeader().getRawAlgorithm();
    String kid = input.getHeader().getKeyId();
    SignatureProvider provider = session.getProvider(SignatureProvider.class, algorithm);
    if (provider == null || !provider.isAsymmetricAlgorithm()) {
      return Checked.invalid("it is not signed with a public-key algorithm (" + algorithm + ")");
    }
    KeyWrapper key = kid == null ? null : session.keys().getKey(realm, kid, KeyUse.SIG, algorithm);
    if (key == null) {
      return Checked.invalid("the realm has no " + algorithm + " key with its kid " + kid);
    }
    try {
      if (!provider
          .verifier(key)
          .verify(
              input.getEncodedSignatureInput().getBytes(StandardCharsets.US_ASCII),
              input.getSignature())) {
        return Checked.invalid("its signature is not valid");
      }
    } catch (VerificationException | RuntimeException e) {
      return Checked.invalid("its signature is not valid");
    }
    Optional<String> untrusted = trusted(session).refusal(key);
    if (untrusted.isPresent()) {
      return Checked.invalid(untrusted.get());
    }
    return new Checked(input.getContent(), kid, null);
  }

  /** The keys this server's {@code leash-audit} options trust; every key without it. */
  private static TrustedSigningKeys trusted(KeycloakSession session) {
    return LeashAuditListenerFactory.of(session)
        .map(LeashAuditListenerFactory::trustedSigningKeys)
        .orElse(TrustedSigningKeys.ANY);
  }

  /**
   * The realm's default signature algorithm when it is asymmetric (an auditor outside Keycloak can
   * check it), else RS256, which every realm has a key for.
   */
  private static String algorithm(KeycloakSession session, RealmModel realm) {
    String preferred = realm.getDefaultSignatureAlgorithm();
    if (preferred != null && !preferred.isBlank()) {
      SignatureProvider provider = session.getProvider(SignatureProvider.class, preferred);
      if (provider != null && provider.isAsymmetricAlgorithm()) {
        return preferred;
      }
    }
    return Algorithm.RS256;
  }
}
