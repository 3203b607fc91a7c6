package dev.leash.keycloak.core;

/** Notes Leash keeps on Keycloak sessions; sessions are replicated, so every node sees them. */
public final class SessionNotes {

  /**
   * On an agent's client session: the epoch second at which the approved window ends. Tokens issued
   * from the session never outlive it, refreshes after it fail, and a cluster-wide task ends the
   * session when it passes.
   */
  public static final String WINDOW_END = "leash.window_end";

  /**
   * On an agent's client session: JSON of the {@code agent} claim (approval id, approver, device
   * context) that the {@code leash-agent-claim} mapper puts into the session's tokens.
   */
  public static final String AGENT_CLAIM = "leash.agent_claim";

  /**
   * On the authentication and then the agent's client session (and the approver's user session):
   * the second factor behind the approval ({@code otp}, {@code webauthn}, {@code passkey}, {@code
   * recovery-code}).
   */
  public static final String STEP_UP_FACTOR = "leash.step_up_factor";

  /** On the authentication and then the agent's client session: the approver's justification. */
  public static final String JUSTIFICATION = "leash.justification";

  /** On the agent's client session after a two-person approval: the first approver's user id. */
  public static final String FIRST_APPROVER = "leash.first_approver";

  /**
   * On the authentication and then the agent's client session: the approval id of the code that
   * Leash's approval screen let through. Keycloak reuses a client session for a later grant of the
   * same agent and browser session without clearing its notes, so only the approval id tells this
   * grant's approval from an earlier one.
   */
  public static final String APPROVED_ON_SCREEN = "leash.approved_on_screen";

  /**
   * On the authentication and then the agent's client session: the approval id of the code the
   * step-up ({@link #STEP_UP_FACTOR}) was made for, for the same reason.
   */
  public static final String STEP_UP_FOR = "leash.step_up_for";

  /** On the approver's user session: epoch second of their last step-up for a device approval. */
  public static final String STEP_UP_AT = "leash.step_up_at";

  private SessionNotes() {}
}
