package dev.leash.keycloak.policies.binding;

import dev.leash.keycloak.core.DeviceContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code agent} claim of a device-grant token: which approval it came from, who approved it,
 * and the context of the device that asked. Declared fields are what the device claimed,
 * unverified.
 */
public final class AgentClaim {

  public static final String CLAIM_NAME = "agent";

  private AgentClaim() {}

  public static Map<String, Object> of(DeviceContext context, String approverUserId) {
    Map<String, Object> claim = new LinkedHashMap<>();
    claim.put("approval_id", context.approvalId());
    claim.put("approver", approverUserId);
    claim.put("ip", context.sourceIp());
    claim.put("binding", context.binding().id());
    claim.put("requested_at", context.requestedAt());
    if (!context.claimed().isEmpty()) {
      claim.put("declared", context.claimed());
    }
    return claim;
  }
}
