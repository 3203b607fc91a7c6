package dev.leash.keycloak.authenticators.approval;

import java.util.Map;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The first "yes" of a two-person approval, kept in Keycloak's single-use object store (so the
 * second approver may be served by any cluster node) until the device code's deadline.
 */
final class FirstApproval {

  private static final String USER = "user";

  private final SingleUseObjectProvider store;
  private final String key;

  FirstApproval(SingleUseObjectProvider store, String deviceCode) {
    this.store = store;
    this.key = "leash.dc." + deviceCode + ".first-approver";
  }

  /** The user id of the first approver, or {@code null} before anyone approved. */
  String approver() {
    Map<String, String> recorded = store.get(key);
    return recorded == null ? null : recorded.get(USER);
  }

  /**
   * Records {@code userId} as the first approver. Written with the request's transaction, which
   * commits because the first approver's answer is a normal page; kept until the code's deadline.
   */
  void record(String userId, long secondsLeft) {
    store.put(key, Math.max(1, secondsLeft), Map.of(USER, userId));
  }
}
