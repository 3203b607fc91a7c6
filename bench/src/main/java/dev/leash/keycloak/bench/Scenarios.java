package dev.leash.keycloak.bench;

import dev.leash.keycloak.testsupport.Browser;
import dev.leash.keycloak.testsupport.DeviceApprover;
import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.OAuthResponse;
import java.util.concurrent.TimeUnit;

/** The load each scenario puts on a target, as operations of {@link LoadDriver}. */
final class Scenarios {

  private Scenarios() {}

  /** Device authorization requests, each client as its own agent; expects a device code. */
  static LoadDriver.Operation deviceAuthorization(Target target, int clients) {
    DeviceFlowClient[] agents = agentsPerClient(target, clients);
    return client -> {
      long start = System.nanoTime();
      OAuthResponse answer = agents[client].authorize("openid");
      long latency = System.nanoTime() - start;
      if (answer.status() != 200 || answer.deviceCode() == null) {
        throw new UnexpectedAnswer("The device request", answer);
      }
      return latency;
    };
  }

  /**
   * Device authorization requests of an agent that is at its pending-code cap: Leash refuses each
   * with {@code slow_down} (HTTP 429), vanilla Keycloak knows no cap and issues a code.
   */
  static LoadDriver.Operation cappedAgent(Target target, int clients, boolean expectRefusal) {
    DeviceFlowClient[] agents = new DeviceFlowClient[clients];
    for (int i = 0; i < clients; i++) {
      agents[i] = target.agent(BenchRealm.CAPPED_AGENT);
    }
    agents[0].authorize("openid"); // takes the one pending-code slot the capped agent has
    return client -> {
      long start = System.nanoTime();
      OAuthResponse answer = agents[client].authorize("openid");
      long latency = System.nanoTime() - start;
      boolean expected =
          expectRefusal ? "slow_down".equals(answer.error()) : answer.status() == 200;
      if (!expected) {
        throw new UnexpectedAnswer("The capped agent's device request", answer);
      }
      return latency;
    };
  }

  /**
   * The whole journey: device authorization, approval in a fresh browser (sign-in and the
   * approval/consent pages), then polls until the token comes.
   */
  static LoadDriver.Operation approvalRoundTrip(Target target, int clients) {
    DeviceFlowClient[] agents = agentsPerClient(target, clients);
    return client -> {
      long start = System.nanoTime();
      OAuthResponse authorization = agents[client].authorize("openid");
      if (authorization.deviceCode() == null) {
        throw new UnexpectedAnswer("The device request", authorization);
      }
      new DeviceApprover(new Browser(), BenchRealm.approver(client)).approve(authorization);
      OAuthResponse tokens = agents[client].poll(authorization.deviceCode());
      for (int retry = 0; retry < 3 && "authorization_pending".equals(tokens.error()); retry++) {
        TimeUnit.SECONDS.sleep(authorization.interval());
        tokens = agents[client].poll(authorization.deviceCode());
      }
      long latency = System.nanoTime() - start;
      if (tokens.accessToken() == null) {
        throw new UnexpectedAnswer("The poll after approval", tokens);
      }
      return latency;
    };
  }

  private static DeviceFlowClient[] agentsPerClient(Target target, int clients) {
    DeviceFlowClient[] agents = new DeviceFlowClient[clients];
    for (int i = 0; i < clients; i++) {
      agents[i] = target.agent(BenchRealm.agent(i));
    }
    return agents;
  }
}
