package dev.leash.keycloak.audit.webhook;

/**
 * What a receiver's HTTP status means for the entry it was sent. Only answers that refuse this
 * entry's content are final; every other failure, including answers that mean the webhook is set up
 * wrong (401, 403, 404, a redirect), is retried with back-off, so fixing the receiver or the URL
 * delivers everything that waited instead of dead-lettering it.
 */
enum WebhookAnswer {
  /** 2xx: the receiver has the entry. */
  DELIVERED,
  /** 400, 413, 415, 422: the receiver refuses this entry for good; it is dead-lettered. */
  REFUSED,
  /** Anything else (3xx, 401, 403, 404, 408, 429, 5xx, ...): tried again later. */
  FAILED;

  static WebhookAnswer of(int status) {
    if (status >= 200 && status < 300) {
      return DELIVERED;
    }
    return switch (status) {
      case 400, 413, 415, 422 -> REFUSED;
      default -> FAILED;
    };
  }
}
