package dev.leash.keycloak.bench;

import dev.leash.keycloak.testsupport.DeviceFlowClient;
import dev.leash.keycloak.testsupport.KeycloakServer;

/**
 * A realm on a server, under the name the report gives it (e.g. {@code vanilla}, {@code Leash}).
 */
record Target(String name, BenchServer host, String realm) {

  /** The server as it runs now: it is started again before each scenario. */
  KeycloakServer server() {
    return host.current();
  }

  DeviceFlowClient agent(String clientId) {
    return new DeviceFlowClient(server(), realm, clientId);
  }
}
