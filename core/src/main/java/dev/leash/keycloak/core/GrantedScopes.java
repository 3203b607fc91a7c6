package dev.leash.keycloak.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.models.ClientModel;

/**
 * The scopes a device grant's tokens carry: those the agent asked for, and the agent's default
 * client scopes, which Keycloak grants unasked. What needs step-up or a second approver must be
 * judged on these, or a sensitive scope made a default one would need neither.
 */
public final class GrantedScopes {

  private GrantedScopes() {}

  /**
   * @param client the agent, or {@code null} once it is gone (then only what it asked for)
   * @param requested the space-separated scopes the agent asked for
   */
  public static Set<String> of(ClientModel client, String requested) {
    Set<String> names = new LinkedHashSet<>(DeviceCodeParams.scopes(requested));
    if (client != null) {
      names.addAll(client.getClientScopes(true).keySet());
    }
    return names;
  }

  /** Whether any of {@code granted} is one of {@code listed}. */
  public static boolean anyOf(Set<String> granted, List<String> listed) {
    return listed.stream().anyMatch(granted::contains);
  }
}
