package dev.leash.keycloak.audit.webhook;

import dev.leash.keycloak.audit.sink.AuditSink;
import dev.leash.keycloak.core.LeashClock;
import java.time.Duration;

/** Makes each realm's webhook sink from its stored webhook; one sender serves them all. */
public final class WebhookSinks {

  /** No request starts after this much of a delivery step has passed. */
  static final Duration STEP_BUDGET = Duration.ofSeconds(10);

  private final WebhookUrlPolicy policy;
  private final WebhookSender sender;
  private final LeashClock clock;

  public WebhookSinks(WebhookUrlPolicy policy, Duration timeout, LeashClock clock) {
    this.policy = policy;
    this.sender = new WebhookSender(timeout);
    this.clock = clock;
  }

  public AuditSink sinkFor(Webhook webhook) {
    return new WebhookSink(webhook, policy, sender, clock, STEP_BUDGET);
  }
}
