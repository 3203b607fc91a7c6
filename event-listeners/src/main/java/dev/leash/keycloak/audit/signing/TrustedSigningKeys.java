package dev.leash.keycloak.audit.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.Key;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.keycloak.crypto.Algorithm;
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
 * but cannot change the servers' files. The file is read again whenever it changed, so operators
 * add a new key's thumbprint during a key rotation without a restart.
 */
public final class TrustedSigningKeys {

  /** Every key of the realm counts: the option is not set. */
  public static final TrustedSigningKeys ANY = new TrustedSigningKeys(null);

  private static final Logger LOG = Logger.getLogger(TrustedSigningKeys.class);
  private static final Pattern THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private final Path file;

  /**
   * The file's thumbprints as last read, with the file's identity, time and size then: a cache of
   * it on this node, so a verification of a long chain reads it once.
   */
  private final AtomicReference<Listed> lastRead = new AtomicReference<>();

  private record Listed(Object fileKey, FileTime modified, long size, Set<String> thumbprints) {}

  private TrustedSigningKeys(Path file) {
    this.file = file;
  }

  /** The keys {@code file} lists. */
  public static TrustedSigningKeys listedIn(Path file) {
    return new TrustedSigningKeys(file);
  }

  /**
   * Why {@code key}'s signatures do not count, or empty when they do. The text is shown to realm
   * admins, so it never names the file.
   */
  public Optional<String> refusal(KeyWrapper key) {
    if (file == null) {
      return Optional.empty();
    }
    Set<String> listed;
    try {
      listed = listed();
    } catch (IOException unreadable) {
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
   * The realm's key to sign with: its active key for {@code algorithm} when every key counts.
   * Otherwise the active listed key of the highest priority, one for {@code algorithm} first, then
   * for RS256, then for any other public-key algorithm: a realm's default algorithm can change
   * after its keys were pinned.
   *
   * @throws IllegalStateException when the file cannot be read (its path and cause are for the
   *     server log)
   */
  public Optional<KeyWrapper> signingKey(
      KeycloakSession session, RealmModel realm, String algorithm) {
    if (file == null) {
      return Optional.ofNullable(session.keys().getActiveKey(realm, KeyUse.SIG, algorithm));
    }
    Set<String> listed;
    try {
      listed = listed();
    } catch (IOException unreadable) {
      throw new IllegalStateException(
          "The trusted signing keys file " + file + " cannot be read: " + unreadable, unreadable);
    }
    List<String> preferred = List.of(algorithm, Algorithm.RS256);
    return session
        .keys()
        .getKeysStream(realm)
        .filter(key -> KeyUse.SIG.equals(key.getUse()))
        .filter(key -> key.getStatus() != null && key.getStatus().isActive())
        .filter(key -> thumbprint(key).filter(listed::contains).isPresent())
        .max(
            Comparator.comparingInt(
                    (KeyWrapper key) -> {
                      int rank = preferred.indexOf(key.getAlgorithmOrDefault());
                      return rank < 0 ? 0 : preferred.size() - rank;
                    })
                .thenComparingLong(KeyWrapper::getProviderPriority));
  }

  /**
   * The RFC 7638 SHA-256 thumbprint of {@code key}'s public key; empty for a key without one (a
   * symmetric key) or one Leash cannot describe.
   */
  public static Optional<String> thumbprint(KeyWrapper key) {
    Key publicKey = key.getPublicKey();
    if (publicKey == null || key.getType() == null) {
      return Optional.empty();
    }
    try {
      JWK jwk =
          switch (key.getType()) {
            case KeyType.RSA -> JWKBuilder.create().rsa(publicKey);
            case KeyType.EC -> JWKBuilder.create().ec(publicKey);
            case KeyType.OKP -> JWKBuilder.create().okp(publicKey);
            default -> null;
          };
      return jwk == null ? Optional.empty() : Optional.ofNullable(JWKSUtils.computeThumbprint(jwk));
    } catch (RuntimeException undescribable) {
      return Optional.empty(); // a key of a type other than it says: it counts for nothing
    }
  }

  /** The listed thumbprints, read again when the file was replaced, or its time or size changed. */
  private Set<String> listed() throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    Listed cached = lastRead.get();
    if (cached != null
        && Objects.equals(cached.fileKey(), attributes.fileKey())
        && cached.modified().equals(attributes.lastModifiedTime())
        && cached.size() == attributes.size()) {
      return cached.thumbprints();
    }
    Set<String> thumbprints = read();
    lastRead.set(
        new Listed(
            attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), thumbprints));
    LOG.infof("Leash audit trusts %d signing keys listed in %s", thumbprints.size(), file);
    return thumbprints;
  }

  private Set<String> read() throws IOException {
    Set<String> thumbprints = new HashSet<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int number = 1; number <= lines.size(); number++) {
      String line = lines.get(number - 1);
      int comment = line.indexOf('#');
      String entry =
          (comment >= 0 ? line.substring(0, comment) : line)
              .replace(String.valueOf(BYTE_ORDER_MARK), "")
              .strip();
      if (THUMBPRINT.matcher(entry).matches()) {
        thumbprints.add(entry);
      } else if (!entry.isEmpty()) {
        LOG.warnf(
            "Line %d of %s is no RFC 7638 SHA-256 thumbprint (43 base64url characters) and is"
                + " ignored",
            number, file);
      }
    }
    return thumbprints;
  }
}
