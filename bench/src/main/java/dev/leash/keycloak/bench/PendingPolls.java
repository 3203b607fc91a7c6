package dev.leash.keycloak.bench;

import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.OAuthResponse;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * Token polls on codes nobody approves, answered {@code authorization_pending}. A code may be
 * polled once per interval (faster earns {@code slow_down} from both servers, RFC 8628 section
 * 3.5), so the clients share a large pool of pending codes and each poll takes the code that has
 * been due the longest; a {@code slow_down} adds 5 s to that code's interval, as a client must.
 */
final class PendingPolls implements LoadDriver.Operation {

  /** Margin over the interval, so a poll is never early by the server's clock. */
  private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

  private static final class Code implements Delayed {
    final DeviceFlowClient agent;
    final String deviceCode;
    long intervalSeconds;
    long dueAt;

    Code(DeviceFlowClient agent, String deviceCode, long intervalSeconds) {
      this.agent = agent;
      this.deviceCode = deviceCode;
      this.intervalSeconds = intervalSeconds;
      this.dueAt = System.nanoTime();
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

  /** Asks for {@code codes} device codes, spread over the bench agents. */
  PendingPolls(Target target, int codes) {
    DeviceFlowClient[] agents = new DeviceFlowClient[BenchRealm.AGENTS];
    for (int i = 0; i < agents.length; i++) {
      agents[i] = target.agent(BenchRealm.agent(i));
    }
    for (int i = 0; i < codes; i++) {
      DeviceFlowClient agent = agents[i % agents.length];
      OAuthResponse authorization = agent.authorize("openid");
      if (authorization.deviceCode() == null) {
        throw new IllegalStateException(target.name() + " gave no device code: " + authorization);
      }
      due.add(new Code(agent, authorization.deviceCode(), authorization.interval()));
    }
  }

  @Override
  public long perform(int client) throws InterruptedException {
    Code code = due.poll(1, TimeUnit.SECONDS);
    if (code == null) {
      return -1; // the pool is too small for the rate: counted, so the report shows it
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
    return "authorization_pending".equals(answer.error()) ? latency : -1;
  }

  private void reschedule(Code code) {
    code.dueAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(code.intervalSeconds) + MARGIN_NANOS;
    due.add(code);
  }
}
