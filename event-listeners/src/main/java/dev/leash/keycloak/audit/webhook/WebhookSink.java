package dev.leash.keycloak.audit.webhook;

import dev.leash.keycloak.audit.chain.ChainedEntry;
import dev.leash.keycloak.audit.record.SafeText;
import dev.leash.keycloak.audit.sink.AuditSink;
import dev.leash.keycloak.audit.sink.DeliveryFailure;
import dev.leash.keycloak.core.LeashClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Posts a realm's entries to one of its webhooks, one signed CloudEvent per request, in sequence
 * order. It stops starting requests once {@code budget} has passed, so the drainer's transaction
 * (and the row lock it holds) stays far inside the server's transaction timeout; the next step goes
 * on.
 */
public final class WebhookSink implements AuditSink {

  /** The sink type, in metrics; also the id of a realm's default webhook. */
  public static final String TYPE = "webhook";

  private final Webhook webhook;
  private final WebhookUrlPolicy policy;
  private final WebhookSender sender;
  private final LeashClock clock;
  private final Duration budget;

  public WebhookSink(
      Webhook webhook,
      WebhookUrlPolicy policy,
      WebhookSender sender,
      LeashClock clock,
      Duration budget) {
    this.webhook = webhook;
    this.policy = policy;
    this.sender = sender;
    this.clock = clock;
    this.budget = budget;
  }

  @Override
  public String id() {
    return webhook.sinkId();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int deliver(String realmName, List<ChainedEntry> entries) throws DeliveryFailure {
    Optional<String> problem = policy.problem(webhook.url());
    if (problem.isPresent()) {
      throw new DeliveryFailure(0, false, problem.get(), null);
    }
    URI url = URI.create(webhook.url());
    long started = System.nanoTime();
    for (int sent = 0; sent < entries.size(); sent++) {
      if (sent > 0 && System.nanoTime() - started > budget.toNanos()) {
        return sent;
      }
      byte[] body = CloudEvent.body(entries.get(sent), webhook.format());
      String signature = WebhookSignature.header(webhook.secret(), clock.nowSeconds(), body);
      int status = post(sent, url, body, signature);
      switch (WebhookAnswer.of(status)) {
        case DELIVERED -> {}
        case REFUSED ->
            throw new DeliveryFailure(
                sent, true, "HTTP " + status + ": the receiver refused the entry", null);
        case FAILED ->
            throw new DeliveryFailure(
                sent,
                false,
                "HTTP " + status + (status / 100 == 3 ? " (redirects are not followed)" : ""),
                null);
      }
    }
    return entries.size();
  }

  private int post(int sent, URI url, byte[] body, String signature) throws DeliveryFailure {
    try {
      return sender.post(url, body, signature);
    } catch (HttpTimeoutException e) {
      throw new DeliveryFailure(
          sent, false, "No answer within " + sender.timeout().toSeconds() + " s", e);
    } catch (IOException e) {
      throw new DeliveryFailure(sent, false, "Cannot reach the webhook: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryFailure(sent, false, "Interrupted while posting to the webhook", e);
    } catch (IllegalArgumentException e) {
      // The HTTP client refuses some URLs only when it sends (a port out of range, say).
      throw new DeliveryFailure(sent, false, "The webhook URL cannot be used: " + describe(e), e);
    }
  }

  /** The innermost cause that says something (the HTTP client often wraps a bare exception). */
  private static String describe(Throwable failure) {
    String description = failure.getClass().getSimpleName();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        description = cause.getClass().getSimpleName() + ": " + cause.getMessage();
      }
    }
    return SafeText.of(description, 200);
  }
}
