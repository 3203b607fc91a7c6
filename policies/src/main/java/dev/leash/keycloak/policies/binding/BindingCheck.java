package dev.leash.keycloak.policies.binding;

import dev.leash.keycloak.core.DeviceContext;

/** Whether a poll comes from the device a device code is bound to. */
public final class BindingCheck {

  /** The verdict on one poll. */
  public enum Outcome {
    MATCH,
    DPOP_PROOF_MISSING,
    DPOP_KEY_MISMATCH,
    ADDRESS_MISMATCH
  }

  private BindingCheck() {}

  /**
   * @param bound the context captured at device authorization
   * @param pollAddress the poll's source address
   * @param pollDpopJkt thumbprint of the poll's verified DPoP proof, or {@code null} without one
   */
  public static Outcome check(DeviceContext bound, String pollAddress, String pollDpopJkt) {
    return switch (bound.binding()) {
      case NONE -> Outcome.MATCH;
      case IP ->
          NetworkPrefix.sameNetwork(bound.sourceIp(), pollAddress, bound.ipPrefixBits())
              ? Outcome.MATCH
              : Outcome.ADDRESS_MISMATCH;
      case DPOP -> {
        if (pollDpopJkt == null) {
          yield Outcome.DPOP_PROOF_MISSING;
        }
        yield pollDpopJkt.equals(bound.dpopJkt()) ? Outcome.MATCH : Outcome.DPOP_KEY_MISMATCH;
      }
    };
  }
}
