package dev.leash.keycloak.audit.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.keycloak.crypto.KeyType;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jwk.JWKBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JWKSUtils;

/**
 * The keys whose signatures make checkpoints and retention marks count, as the server option {@code
 * trusted-signing-keys-file} lists them: RFC 7638 SHA-256 thumbprints of their public keys, one per
 * line ({@code #} starts a comment). Without the option, every key of the realm counts.
 *
 * <p>The list lives in a file on the servers, not in the database, on purpose: someone who can
 * write to the database can add a key provider of their own and sign whatever they like with it,
 * but cannot change the servers' files. The file is read at each use, so operators add a new key's
 * thumbprint during a key rotation without a restart.
 */
public final class TrustedSigningKeys {

  /** Every key of the realm counts: the option is not set. */
  public static final TrustedSigningKeys ANY = new TrustedSigningKeys(null);

  private static final Pattern THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final Path file;

  private TrustedSigningKeys(Path file) {
    this.file = file;
  }

  /** The keys {@code file} lists. */
  public static TrustedSigningKeys listedIn(Path file) {
    return new TrustedSigningKeys(file);
  }

  /** Why {@code key}'s signatures do not count, or empty when they do. */
  public Optional<String> refusal(KeyWrapper key) {
    if (file == null) {
      return Optional.empty();
    }
    Set<String> listed;
    try {
      listed = read();
    } catch (IOException | RuntimeException unreadable) {
      // The path is the operators' business: realm admins read this text.
      return Optional.of("the server's trusted signing keys file cannot be read");
    }
    String thumbprint = thumbprint(key).orElse("none");
    return listed.contains(thumbprint)
        ? Optional.empty()
        : Optional.of(
            "its key "
                + key.getKid()
                + " (thumbprint "
                + thumbprint
                + ") is not among the server's trusted signing keys");
  }

  /**
   * The realm's key to sign with: its active key for {@code algorithm} when every key counts, else
   * the active key of the highest priority among those that count; empty when none does.
   */
  public Optional<KeyWrapper> signingKey(
      KeycloakSession session, RealmModel realm, String algorithm) {
    if (file == null) {
      return Optional.ofNullable(session.keys().getActiveKey(realm, KeyUse.SIG, algorithm));
    }
    return session
        .keys()
        .getKeysStream(realm, KeyUse.SIG, algorithm)
        .filter(key -> key.getStatus() != null && key.getStatus().isActive())
        .filter(key -> refusal(key).isEmpty())
        .max(Comparator.comparingLong(KeyWrapper::getProviderPriority));
  }

  /**
   * The RFC 7638 SHA-256 thumbprint of {@code key}'s public key; empty for a key without one (a
   * symmetric key) or of a type Leash does not know.
   */
  public static Optional<String> thumbprint(KeyWrapper key) {
    Key publicKey = key.getPublicKey();
    if (publicKey == null || key.getType() == null) {
      return Optional.empty();
    }
    JWK jwk =
        switch (key.getType()) {
          case KeyType.RSA -> JWKBuilder.create().rsa(publicKey);
          case KeyType.EC -> JWKBuilder.create().ec(publicKey);
          case KeyType.OKP -> JWKBuilder.create().okp(publicKey);
          default -> null;
        };
    return jwk == null ? Optional.empty() : Optional.of(JWKSUtils.computeThumbprint(jwk));
  }

  private Set<String> read() throws IOException {
    Set<String> thumbprints = new HashSet<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int comment = line.indexOf('#');
      String entry = (comment >= 0 ? line.substring(0, comment) : line).strip();
      if (THUMBPRINT.matcher(entry).matches()) {
        thumbprints.add(entry);
      }
    }
    return thumbprints;
  }
}
