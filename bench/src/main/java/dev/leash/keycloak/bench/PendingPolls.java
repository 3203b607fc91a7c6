package dev.leash.keycloak.bench;

import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.OAuthResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * Token polls on codes nobody approves, answered {@code authorization_pending}. A code may be
 * polled once per interval (faster earns {@code slow_down} from both servers, RFC 8628 section
 * 3.5), so the clients share a large pool of pending codes and each poll takes the code that has
 * been due the longest; a {@code slow_down} adds 5 s to that code's interval, as a client must. A
 * code about to expire is replaced by a fresh one (that request is not a poll and is not timed):
 * warm-ups last until the servers' compilers are quiet, which can outlast a code's 600 s. The whole
 * pool is renewed before the measured rounds, so no replacement (on Leash an audited device
 * request) falls into them: rounds then have 570 s before the first code is due for replacement.
 */
final class PendingPolls implements LoadDriver.Operation {

  /** Margin over the interval, so a poll is never early by the server's clock. */
  private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

  /** A code with less life left than this is replaced before its next poll. */
  private static final long REPLACE_BEFORE_EXPIRY_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static final class Code implements Delayed {
    final DeviceFlowClient agent;
    final String deviceCode;
    final long expiresAt;
    long intervalSeconds;
    long dueAt;

    /** A fresh code of {@code agent}, due now. */
    Code(DeviceFlowClient agent, String targetName) {
      OAuthResponse authorization = agent.authorize("openid");
      if (authorization.deviceCode() == null) {
        throw new IllegalStateException(targetName + " gave no device code: " + authorization);
      }
      this.agent = agent;
      this.deviceCode = authorization.deviceCode();
      this.intervalSeconds = authorization.interval();
      this.dueAt = System.nanoTime();
      this.expiresAt = dueAt + TimeUnit.SECONDS.toNanos(authorization.expiresIn());
    }

    boolean nearExpiry() {
      return expiresAt - System.nanoTime() < REPLACE_BEFORE_EXPIRY_NANOS;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueAt - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(dueAt, ((Code) other).dueAt);
    }
  }

  private final DelayQueue<Code> due = new DelayQueue<>();
  private final String targetName;

  /** Asks for {@code codes} device codes, spread over the bench agents. */
  PendingPolls(Target target, int codes) {
    this.targetName = target.name();
    DeviceFlowClient[] agents = new DeviceFlowClient[BenchRealm.AGENTS];
    for (int i = 0; i < agents.length; i++) {
      agents[i] = target.agent(BenchRealm.agent(i));
    }
    for (int i = 0; i < codes; i++) {
      due.add(new Code(agents[i % agents.length], targetName));
    }
  }

  @Override
  public void beforeRounds() {
    List<Code> used = new ArrayList<>(due);
    due.clear();
    for (Code code : used) {
      due.add(new Code(code.agent, targetName));
    }
  }

  @Override
  public long perform(int client) throws InterruptedException {
    Code code = due.poll(1, TimeUnit.SECONDS);
    if (code == null) {
      throw new UnexpectedAnswer("No pending code was due within 1 s (the pool is too small)");
    }
    if (code.nearExpiry()) {
      Code expiring = code;
      try {
        code = new Code(expiring.agent, targetName);
      } catch (RuntimeException failed) {
        reschedule(expiring); // replaced at its next turn
        throw failed;
      }
    }
    long start = System.nanoTime();
    OAuthResponse answer;
    try {
      answer = code.agent.poll(code.deviceCode);
    } catch (RuntimeException failed) {
      reschedule(code);
      throw failed;
    }
    long latency = System.nanoTime() - start;
    if ("slow_down".equals(answer.error())) {
      code.intervalSeconds += 5;
    }
    reschedule(code);
    if (!"authorization_pending".equals(answer.error())) {
      throw new UnexpectedAnswer("A poll of a pending code", answer);
    }
    return latency;
  }

  private void reschedule(Code code) {
    code.dueAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(code.intervalSeconds) + MARGIN_NANOS;
    due.add(code);
  }
}
