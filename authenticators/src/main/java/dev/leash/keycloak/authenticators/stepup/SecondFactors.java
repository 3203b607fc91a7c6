package dev.leash.keycloak.authenticators.stepup;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.keycloak.sessions.CommonClientSessionModel.ExecutionStatus;

/**
 * Which second factor, if any, the person completed in this authentication: Keycloak's own OTP,
 * WebAuthn, passkey or recovery-code authenticators that succeeded in this authentication session.
 */
final class SecondFactors {

  /** Keycloak authenticator ids that are second factors, and the name Leash records for each. */
  static final Map<String, String> BY_AUTHENTICATOR =
      Map.of(
          "auth-otp-form", "otp",
          "webauthn-authenticator", "webauthn",
          "webauthn-authenticator-passwordless", "passkey",
          "auth-recovery-authn-code-form", "recovery-code");

  private SecondFactors() {}

  /**
   * @param executionStatus the authentication session's status per execution id
   * @param authenticatorOf the authenticator id of an execution id ({@code null} if unknown)
   */
  static Optional<String> completed(
      Map<String, ExecutionStatus> executionStatus, Function<String, String> authenticatorOf) {
    return executionStatus.entrySet().stream()
        .filter(entry -> entry.getValue() == ExecutionStatus.SUCCESS)
        .map(entry -> authenticatorOf.apply(entry.getKey()))
        .filter(
            authenticator -> authenticator != null && BY_AUTHENTICATOR.containsKey(authenticator))
        .map(BY_AUTHENTICATOR::get)
        .sorted()
        .findFirst();
  }
}
