package dev.leash.keycloak.audit.webhook;

import java.util.Optional;

/**
 * A realm's webhook: where its audit entries are posted, and the secret that signs them. The secret
 * never leaves Keycloak except as signatures: {@link #toString()} leaves it out, and the admin API
 * never answers it.
 *
 * @param updatedAt epoch second of the last change
 */
public record Webhook(String realmId, String url, String secret, long updatedAt) {

  static final int MIN_SECRET_LENGTH = 32;
  static final int MAX_SECRET_LENGTH = 256;

  /**
   * Why {@code secret} may not sign a realm's webhook, or empty when it may: 32 to 256 visible
   * ASCII characters, so that every receiver's language reads the same key bytes.
   */
  public static Optional<String> secretProblem(String secret) {
    if (secret == null
        || secret.length() < MIN_SECRET_LENGTH
        || secret.length() > MAX_SECRET_LENGTH
        || !secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return Optional.of(
          "The webhook secret must be "
              + MIN_SECRET_LENGTH
              + " to "
              + MAX_SECRET_LENGTH
              + " visible ASCII characters (e.g. openssl rand -hex 32)");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "Webhook[realmId=" + realmId + ", url=" + url + ", secret=(hidden)]";
  }
}
