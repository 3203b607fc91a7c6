package dev.leash.keycloak.audit.webhook;

import dev.leash.keycloak.audit.sink.EntryFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One of a realm's webhooks: where its audit entries are posted, and the secret that signs them.
 * The secret never leaves Keycloak except as signatures: {@link #toString()} leaves it out, and the
 * admin API never answers it.
 *
 * @param id the row's id
 * @param name the realm admin's name for it, unique in the realm; {@link #DEFAULT_NAME} is the one
 *     {@code .../leash/audit/webhook} manages
 * @param format what each event's {@code data} holds
 * @param updatedAt epoch second of the last change
 */
public record Webhook(
    String id,
    String realmId,
    String name,
    String url,
    String secret,
    EntryFormat format,
    long updatedAt) {

  public static final String DEFAULT_NAME = "default";

  /** Webhooks a realm may have: each costs a delivery step per drainer run. */
  public static final int MAX_PER_REALM = 10;

  static final int MIN_SECRET_LENGTH = 32;
  static final int MAX_SECRET_LENGTH = 256;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  /**
   * The id of its sink in delivery state and dead letters: {@code webhook} for the default one (as
   * before a realm could have several), {@code webhook:<name>} for the others.
   */
  public String sinkId() {
    return sinkId(name);
  }

  public static String sinkId(String name) {
    return DEFAULT_NAME.equals(name) ? WebhookSink.TYPE : WebhookSink.TYPE + ":" + name;
  }

  /**
   * The URL's scheme, host and port, without its path and query: a receiver's URL often holds its
   * credential (a token in the path or the query), which only admins who may set the webhook see.
   * {@code "…"} for a URL that cannot be read.
   */
  public static String origin(String url) {
    if (url == null) {
      return "…";
    }
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return "…";
      }
      String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
      return uri.getScheme() + "://" + uri.getHost() + port + "/…";
    } catch (URISyntaxException unreadable) {
      return "…";
    }
  }

  /** Why {@code name} may not name a webhook, or empty when it may. */
  public static Optional<String> nameProblem(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Optional.of(
          "A webhook name is 1 to 40 lower-case letters, digits and dashes, starting with a letter"
              + " or digit");
    }
    return Optional.empty();
  }

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
    return "Webhook[realmId="
        + realmId
        + ", name="
        + name
        + ", url="
        + url
        + ", format="
        + format.id()
        + ", secret=(hidden)]";
  }
}
