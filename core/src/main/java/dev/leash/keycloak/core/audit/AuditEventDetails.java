package dev.leash.keycloak.core.audit;

/**
 * Names Leash uses for audit facts: details it adds to the Keycloak events of device grants, and
 * the reasons of its refusals in the approval flow.
 */
public final class AuditEventDetails {

  /**
   * Event detail on every token-endpoint event of a device code Leash knows: the grant's approval
   * id, so its error events (which roll nothing back into the request) reach the right record.
   */
  public static final String APPROVAL_ID = "leash_approval_id";

  /**
   * Event detail on a rejected poll or a refused request reported as a sample: earlier ones of the
   * same kind used up the exact budget, and later ones are reported only one a minute.
   */
  public static final String REPORT = "leash_report";

  /** Value of {@link #REPORT} on a sampled report. */
  public static final String SAMPLED = "sampled";

  /** Error of the token-endpoint events after Leash revoked a device code for abusive polling. */
  public static final String DEVICE_CODE_REVOKED = "leash_device_code_revoked";

  /** The person is not among the agent's approvers. */
  public static final String APPROVER_NOT_ALLOWED = "leash_approver_not_allowed";

  /** The approval needed a second factor and the person had none. */
  public static final String STEP_UP_MISSING = "leash_step_up_missing";

  /** The person chose Deny on Leash's approval screen. */
  public static final String DENIED_BY_APPROVER = "leash_denied_by_approver";

  /** The person typed a wrong code suffix too often, which denies the grant. */
  public static final String CODE_SUFFIX_MISTAKES = "leash_code_suffix_mistakes";

  private AuditEventDetails() {}
}
