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
   * On the authentication and then the agent's client session, one per approval: the note that
   * Leash's approval screen let the code with {@code approvalId} through (its value: the approver's
   * user id). Keycloak reuses the client session for later grants of the same agent in the same
   * browser session, notes and all, and an approver may approve several codes of one agent before
   * any is polled: so each approval has a note of its own.
   */
  public static String approvedOnScreen(String approvalId) {
    return "leash.approved_on_screen." + approvalId;
  }

  /**
   * On the authentication and then the agent's client session, one per approval: the note that a
   * step-up was made for the code with {@code approvalId} (its value: the approver's user id), for
   * the same reason. The factor is in {@link #STEP_UP_FACTOR}.
   */
  public static String stepUpFor(String approvalId) {
    return "leash.step_up_for." + approvalId;
  }

  /**
   * On an agent's client session (and its offline copy): the device grant issued its tokens, so
   * Keycloak's own admin and account APIs take its refreshed tokens only as they take the first
   * ones. Keycloak names the refresh grant in a refreshed token, not the grant behind it.
   */
  public static final String ISSUED_BY_DEVICE_GRANT = "leash.device_grant";

  /** On the approver's user session: epoch second of their last step-up for a device approval. */
  public static final String STEP_UP_AT = "leash.step_up_at";

  private SessionNotes() {}
}
