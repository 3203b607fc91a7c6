package dev.leash.keycloak.core.audit;

import dev.leash.keycloak.core.DeviceContext;
import java.util.List;

/**
 * Something a Leash component decided about one device grant, identified by the grant's approval id
 * ({@link dev.leash.keycloak.core.DeviceCodeParams#APPROVAL_ID}). Times are epoch seconds. Values
 * the device declared about itself arrive here as sent: the trail limits and escapes them.
 */
public sealed interface AuditFact {

  String approvalId();

  /**
   * A device authorization request was accepted and its code stored.
   *
   * @param context what {@code leash-context-binding} captured, or {@code null} without it
   * @param expiresAt when the code dies: Leash's hard deadline, else Keycloak's lifespan
   */
  record DeviceRequestAccepted(
      String approvalId,
      String clientId,
      List<String> scopes,
      DeviceContext context,
      long requestedAt,
      long expiresAt)
      implements AuditFact {}

  /**
   * A signed-in person was not let through to approve (not among the agent's approvers, or no
   * second factor); the code stays pending for someone else.
   *
   * @param reason {@link AuditEventDetails#APPROVER_NOT_ALLOWED} or {@link
   *     AuditEventDetails#STEP_UP_MISSING}
   */
  record ApproverRefused(String approvalId, String userId, String username, String reason, long at)
      implements AuditFact {}

  /**
   * A person denied the grant on Leash's approval screen (or guessed the code suffix too often).
   *
   * @param reason {@link AuditEventDetails#DENIED_BY_APPROVER} or {@link
   *     AuditEventDetails#CODE_SUFFIX_MISTAKES}
   */
  record ApprovalDenied(String approvalId, String userId, String username, String reason, long at)
      implements AuditFact {}

  /**
   * Tokens were issued for the grant.
   *
   * @param tokenId the access token's {@code jti}
   * @param acr the access token's {@code acr}, or {@code null}
   * @param refreshToken whether the response carried a refresh token
   */
  record TokensIssued(
      String approvalId,
      String userId,
      String tokenId,
      String scope,
      String acr,
      long issuedAt,
      long expiresAt,
      boolean refreshToken)
      implements AuditFact {}
}
