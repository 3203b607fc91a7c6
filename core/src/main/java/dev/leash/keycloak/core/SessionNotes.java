package dev.leash.keycloak.core;

/** Notes Leash keeps on Keycloak sessions; sessions are replicated, so every node sees them. */
public final class SessionNotes {

  /**
   * On an agent's client session: the epoch second at which the approved window ends. Tokens issued
   * from the session never outlive it, refreshes after it fail, and a cluster-wide task ends the
   * session when it passes.
   */
  public static final String WINDOW_END = "leash.window_end";

  private SessionNotes() {}
}
