package dev.leash.keycloak.audit.metrics;

import dev.leash.keycloak.audit.record.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Leash's counters and timers, in Micrometer's global registry: with {@code --metrics-enabled=true}
 * Keycloak's Prometheus registry is part of it (Keycloak's own user-event metrics register there
 * too), so they appear on the management port's {@code /metrics}; otherwise they cost nothing.
 * Everything is counted once its transaction has committed, so a rolled-back request counts
 * nothing. Labels are few and bounded: realm, outcome, reason, sink.
 */
public final class LeashMetrics {

  static final String GRANTS = "leash.device.grants";
  static final String REJECTED_POLLS = "leash.device.polls.rejected";
  static final String DEAD_LETTERS = "leash.audit.dead.letters";
  static final String DELIVERY_LATENCY = "leash.audit.delivery.latency";

  /** Poll errors with a label of their own; any other is counted as {@code other}. */
  static final Set<String> POLL_REASONS =
      Set.of(
          "leash_binding_mismatch",
          "slow_down",
          "expired_oauth2_device_code",
          "leash_device_code_revoked",
          "leash_device_code_already_used",
          "access_denied");

  private static final Set<Outcome> ENDINGS =
      Set.of(Outcome.APPROVED, Outcome.DENIED, Outcome.EXPIRED, Outcome.REVOKED);

  private LeashMetrics() {}

  /** A grant's record moved to {@code outcome}: approvals, denials, expiries, revocations. */
  public static void grantOutcome(KeycloakSession session, String realm, Outcome outcome) {
    if (ENDINGS.contains(outcome)) {
      afterCommit(
          session,
          () ->
              Counter.builder(GRANTS)
                  .description("Device grants that were approved, denied, expired or revoked")
                  .tag("realm", realm)
                  .tag("outcome", outcome.id())
                  .register(Metrics.globalRegistry)
                  .increment());
    }
  }

  /** The token endpoint refused a poll of a recorded grant (a binding mismatch, too fast, ...). */
  public static void pollRejected(KeycloakSession session, String realm, String error) {
    String reason = POLL_REASONS.contains(error) ? error : "other";
    afterCommit(
        session,
        () ->
            Counter.builder(REJECTED_POLLS)
                .description("Device-code polls the token endpoint refused, by reason")
                .tag("realm", realm)
                .tag("reason", reason)
                .register(Metrics.globalRegistry)
                .increment());
  }

  /** A sink refused an entry for good. */
  public static void deadLettered(KeycloakSession session, String realm, String sink) {
    afterCommit(
        session,
        () ->
            Counter.builder(DEAD_LETTERS)
                .description("Audit entries a sink refused for good")
                .tag("realm", realm)
                .tag("sink", sink)
                .register(Metrics.globalRegistry)
                .increment());
  }

  /** Entries reached a sink, each {@code latencies} after it was sealed. */
  public static void delivered(
      KeycloakSession session, String realm, String sink, Iterable<Duration> latencies) {
    afterCommit(
        session,
        () -> {
          Timer timer =
              Timer.builder(DELIVERY_LATENCY)
                  .description("Time from sealing an audit entry to its delivery to a sink")
                  .tag("realm", realm)
                  .tag("sink", sink)
                  .register(Metrics.globalRegistry);
          latencies.forEach(timer::record);
        });
  }

  private static void afterCommit(KeycloakSession session, Runnable count) {
    session
        .getTransactionManager()
        .enlistAfterCompletion(
            new AbstractKeycloakTransaction() {
              @Override
              protected void commitImpl() {
                count.run();
              }

              @Override
              protected void rollbackImpl() {}
            });
  }
}
