package dev.leash.keycloak.authenticators.stepup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keycloak.sessions.CommonClientSessionModel.ExecutionStatus;

class SecondFactorsTest {

  private final Map<String, String> executions =
      Map.of(
          "e-password", "auth-username-password-form",
          "e-cookie", "auth-cookie",
          "e-otp", "auth-otp-form",
          "e-webauthn", "webauthn-authenticator");

  @Test
  void aSucceededOtpStepIsASecondFactor() {
    assertEquals(
        Optional.of("otp"),
        SecondFactors.completed(
            Map.of("e-cookie", ExecutionStatus.SUCCESS, "e-otp", ExecutionStatus.SUCCESS),
            executions::get));
  }

  @Test
  void passwordCookieAndUnfinishedFactorsAreNot() {
    assertEquals(
        Optional.empty(),
        SecondFactors.completed(
            Map.of(
                "e-password", ExecutionStatus.SUCCESS,
                "e-cookie", ExecutionStatus.SUCCESS,
                "e-otp", ExecutionStatus.SETUP_REQUIRED,
                "e-webauthn", ExecutionStatus.CHALLENGED,
                "e-deleted", ExecutionStatus.SUCCESS),
            executions::get));
  }
}
