package dev.leash.keycloak.audit.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.crypto.KeyStatus;
import org.keycloak.crypto.KeyType;
import org.keycloak.crypto.KeyWrapper;

class TrustedSigningKeysTest {

  /** RFC 7638, section 3.1: the example RSA key and its SHA-256 thumbprint. */
  private static final String RFC_7638_N =
      "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECP"
          + "ebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2"
          + "QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQ"
          + "Fh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

  private static final String RFC_7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

  @TempDir Path directory;

  @Test
  void theThumbprintIsRfc7638s() throws Exception {
    assertEquals(Optional.of(RFC_7638_THUMBPRINT), TrustedSigningKeys.thumbprint(rfcKey()));
  }

  @Test
  void withoutTheOptionEveryKeyCounts() throws Exception {
    assertEquals(Optional.empty(), TrustedSigningKeys.ANY.refusal(rfcKey()));
  }

  @Test
  void aListedKeyCountsAndAnyOtherIsRefusedByKidAndThumbprint() throws Exception {
    Path file = directory.resolve("trusted");
    Files.writeString(
        file,
        "# the realm's keys\n\n  "
            + RFC_7638_THUMBPRINT
            + "  # rotated in on 2026-12-08\nnot-one\n");
    TrustedSigningKeys trusted = TrustedSigningKeys.listedIn(file);
    assertEquals(Optional.empty(), trusted.refusal(rfcKey()));

    Files.writeString(file, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n");
    String refusal = trusted.refusal(rfcKey()).orElseThrow();
    assertTrue(refusal.contains("rfc-key"), refusal);
    assertTrue(refusal.contains(RFC_7638_THUMBPRINT), refusal);
    assertTrue(refusal.contains("not among the server's trusted signing keys"), refusal);
  }

  @Test
  void aByteOrderMarkIsIgnoredAndAFileReplacedIsReadAgain() throws Exception {
    Path file = directory.resolve("trusted");
    Files.writeString(file, "\uFEFF" + RFC_7638_THUMBPRINT + "\n");
    TrustedSigningKeys trusted = TrustedSigningKeys.listedIn(file);
    assertEquals(Optional.empty(), trusted.refusal(rfcKey()));

    // An operator replaces the file in one step, with a line of the same length.
    Path next = directory.resolve("trusted.next");
    Files.writeString(next, "\uFEFF" + "B".repeat(43) + "\n");
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertTrue(trusted.refusal(rfcKey()).isPresent(), "the file was read again");
  }

  @Test
  void anUnreadableFileTrustsNoKeyAndDoesNotNameItsPath() throws Exception {
    Path missing = directory.resolve("missing");
    String refusal = TrustedSigningKeys.listedIn(missing).refusal(rfcKey()).orElseThrow();
    assertEquals("the server's trusted signing keys file cannot be read", refusal);
  }

  private static KeyWrapper rfcKey() throws Exception {
    Base64.Decoder base64url = Base64.getUrlDecoder();
    PublicKey publicKey =
        KeyFactory.getInstance("RSA")
            .generatePublic(
                new RSAPublicKeySpec(
                    new BigInteger(1, base64url.decode(RFC_7638_N)),
                    new BigInteger(1, base64url.decode("AQAB"))));
    KeyWrapper key = new KeyWrapper();
    key.setKid("rfc-key");
    key.setType(KeyType.RSA);
    key.setStatus(KeyStatus.ACTIVE);
    key.setPublicKey(publicKey);
    return key;
  }
}
