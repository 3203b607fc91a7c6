package dev.leash.keycloak.audit.capture;

import org.keycloak.models.ClientModel;

/** The display name of an agent in its records. */
final class AgentNames {

  private AgentNames() {}

  /** The name an admin gave the agent's client, or {@code null}. */
  static String of(ClientModel client) {
    return client == null || client.getName() == null || client.getName().isBlank()
        ? null
        : client.getName();
  }
}
