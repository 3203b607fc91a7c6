package dev.leash.keycloak.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OAuth2DeviceCodeModel;
import org.keycloak.models.RealmModel;

/**
 * Proves that the {@code leash_*} parameters saved with a device code were stamped by Leash. Only a
 * Leash executor refuses client-sent {@code leash_*} parameters, so on a device-grant client that
 * no Leash policy covers, a device could send its own "stamps": a binding, a deadline, another
 * grant's approval id. The first Leash executor of a device request checks the saved parameters
 * ({@code ReservedParameters}) and then seals them; every later reader trusts them only under a
 * seal that holds.
 *
 * <p>The seal is an HMAC, with the realm's active internal HMAC key (the one Keycloak signs its own
 * action tokens with), over the client id and the approval id. It need not cover the other stamps:
 * once the request's client-sent parameters were refused, every {@code leash_*} entry is Leash's
 * own, and a device never sees the seal. Naming the key's id keeps codes issued before a key
 * rotation verifiable for as long as the key is kept.
 */
public final class StampSeal {

  /** The seal's parameter: {@code <key id>.<base64url HMAC-SHA512>}. */
  public static final String SEAL = DeviceCodeParams.PREFIX + "seal";

  /** The MAC the key was generated for, so FIPS providers accept it too. */
  private static final String MAC_ALGORITHM = "HmacSHA512";

  /**
   * Versions the sealed text, so a later seal over other fields cannot be mistaken for this one.
   */
  private static final String SEALED_TEXT_PREFIX = "leash-stamps-v1\n";

  private StampSeal() {}

  /**
   * Seals a device request's saved parameters, giving it an approval id if it has none yet.
   *
   * @throws IllegalStateException if the realm has no active internal HMAC key
   */
  public static void seal(
      KeycloakSession session, RealmModel realm, String clientId, Map<String, String> saved) {
    KeyWrapper key =
        session.keys().getActiveKey(realm, KeyUse.SIG, Constants.INTERNAL_SIGNATURE_ALGORITHM);
    if (key == null || key.getSecretKey() == null) {
      throw new IllegalStateException(
          "Realm has no active " + Constants.INTERNAL_SIGNATURE_ALGORITHM + " key");
    }
    String approvalId = DeviceCodeParams.ensureApprovalId(saved);
    saved.put(SEAL, key.getKid() + "." + encode(mac(key.getSecretKey(), clientId, approvalId)));
  }

  /**
   * True when the code's {@code leash_*} parameters are Leash's: it has none (a code no Leash
   * policy saw), or its seal holds for its client and approval id.
   */
  public static boolean holds(
      KeycloakSession session, RealmModel realm, OAuth2DeviceCodeModel code) {
    Map<String, String> saved = code.getAdditionalParams();
    if (saved == null || !hasStamps(saved)) {
      return true;
    }
    String seal = saved.get(SEAL);
    String approvalId = saved.get(DeviceCodeParams.APPROVAL_ID);
    int dot = seal == null ? -1 : seal.indexOf('.');
    if (dot < 1 || approvalId == null) {
      return false;
    }
    KeyWrapper key =
        session
            .keys()
            .getKey(
                realm, seal.substring(0, dot), KeyUse.SIG, Constants.INTERNAL_SIGNATURE_ALGORITHM);
    if (key == null || key.getSecretKey() == null) {
      return false;
    }
    byte[] expected = mac(key.getSecretKey(), code.getClientId(), approvalId);
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(seal.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, given);
  }

  private static boolean hasStamps(Map<String, String> saved) {
    for (String name : saved.keySet()) {
      if (name != null && name.startsWith(DeviceCodeParams.PREFIX)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] mac(SecretKey key, String clientId, String approvalId) {
    try {
      Mac mac = Mac.getInstance(MAC_ALGORITHM);
      mac.init(key);
      // The approval id (a UUID once the client's own leash_* were refused) holds no line break,
      // so the last one separates the two fields whatever the client id holds.
      return mac.doFinal(
          (SEALED_TEXT_PREFIX + clientId + "\n" + approvalId).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot compute " + MAC_ALGORITHM, e);
    }
  }

  private static String encode(byte[] mac) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }
}
