package dev.leash.keycloak.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;

class CertainStepsTest {

  private static final String TOP = "top";
  private static final String HELD = "condition-held";
  private static final String NOT_HELD = "condition-not-held";
  private static final String UNKNOWN = "cannot-be-told";

  private final Map<String, List<AuthenticationExecutionModel>> flows = new HashMap<>();

  @Test
  void requiredStepsRunAndAlternativesBesideThemNever() {
    step(TOP, "password", Requirement.REQUIRED);
    step(TOP, "screen", Requirement.REQUIRED);
    step(TOP, "ignored", Requirement.ALTERNATIVE);
    step(TOP, "switched-off", Requirement.DISABLED);

    assertEquals(Set.of("password", "screen"), certain());
  }

  @Test
  void aStepInOneOfSeveralAlternativesIsNotCertainALoneAlternativeIs() {
    subflow(TOP, "sign-in", Requirement.REQUIRED);
    step("sign-in", "cookie", Requirement.ALTERNATIVE);
    subflow("sign-in", "forms", Requirement.ALTERNATIVE);
    step("forms", "step-up", Requirement.REQUIRED);
    subflow(TOP, "approval", Requirement.REQUIRED);
    subflow("approval", "lone", Requirement.ALTERNATIVE);
    step("approval", "switched-off", Requirement.DISABLED);
    step("lone", "screen", Requirement.REQUIRED);

    assertEquals(Set.of("screen"), certain());
  }

  @Test
  void aConditionalSubflowRunsWhenItHasConditionsAndAllHeld() {
    subflow(TOP, "all-held", Requirement.CONDITIONAL);
    step("all-held", HELD, Requirement.REQUIRED);
    step("all-held", "step-up", Requirement.REQUIRED);
    subflow(TOP, "one-not-held", Requirement.CONDITIONAL);
    step("one-not-held", HELD, Requirement.REQUIRED);
    step("one-not-held", NOT_HELD, Requirement.REQUIRED);
    step("one-not-held", "otp", Requirement.REQUIRED);
    subflow(TOP, "one-unknown", Requirement.CONDITIONAL);
    step("one-unknown", HELD, Requirement.REQUIRED);
    step("one-unknown", UNKNOWN, Requirement.REQUIRED);
    step("one-unknown", "recovery-code", Requirement.REQUIRED);
    subflow(TOP, "without-conditions", Requirement.CONDITIONAL);
    step("without-conditions", "screen", Requirement.REQUIRED);
    subflow(TOP, "condition-switched-off", Requirement.CONDITIONAL);
    step("condition-switched-off", HELD, Requirement.DISABLED);
    step("condition-switched-off", "webauthn", Requirement.REQUIRED);

    assertEquals(Set.of("step-up"), certain());
  }

  /**
   * Keycloak sets a level's conditions apart before it looks at requirements, so a required
   * condition does not put the alternative beside it next to a required step.
   */
  @Test
  void conditionsDoNotCountAsStepsOfTheirLevel() {
    subflow(TOP, "held", Requirement.CONDITIONAL);
    step("held", HELD, Requirement.REQUIRED);
    step("held", "step-up", Requirement.ALTERNATIVE);

    assertEquals(Set.of("step-up"), certain());
  }

  /** What may be a condition may be a step too: it makes nothing beside it more certain. */
  @Test
  void anExecutionThatMayBeAConditionStaysOnItsLevel() {
    step(TOP, UNKNOWN, Requirement.REQUIRED);
    step(TOP, "step-up", Requirement.ALTERNATIVE);

    assertEquals(Set.of(UNKNOWN), certain());
  }

  /** Keycloak runs a step that is not a subflow as required when it is marked conditional. */
  @Test
  void aConditionalStepThatIsNoSubflowRuns() {
    step(TOP, "step-up", Requirement.CONDITIONAL);

    assertEquals(Set.of("step-up"), certain());
  }

  @Test
  void aFlowThatHoldsItselfIsWalkedOnce() {
    subflow(TOP, "loop", Requirement.REQUIRED);
    subflow("loop", TOP, Requirement.REQUIRED);
    step("loop", "screen", Requirement.REQUIRED);

    assertEquals(Set.of("screen"), certain());
  }

  private Set<String> certain() {
    return CertainSteps.of(
        TOP,
        new CertainSteps.Flows() {
          @Override
          public List<AuthenticationExecutionModel> executionsOf(String flowId) {
            return flows.getOrDefault(flowId, List.of());
          }

          @Override
          public CertainSteps.Kind kindOf(AuthenticationExecutionModel execution) {
            if (UNKNOWN.equals(execution.getAuthenticator())) {
              return CertainSteps.Kind.UNKNOWN;
            }
            return execution.isEnabled()
                    && (HELD.equals(execution.getAuthenticator())
                        || NOT_HELD.equals(execution.getAuthenticator()))
                ? CertainSteps.Kind.CONDITION
                : CertainSteps.Kind.STEP;
          }

          @Override
          public boolean held(AuthenticationExecutionModel condition) {
            return HELD.equals(condition.getAuthenticator());
          }
        });
  }

  private void step(String flowId, String authenticator, Requirement requirement) {
    AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
    execution.setAuthenticator(authenticator);
    execution.setRequirement(requirement);
    flows.computeIfAbsent(flowId, id -> new ArrayList<>()).add(execution);
  }

  private void subflow(String flowId, String subflowId, Requirement requirement) {
    AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
    execution.setAuthenticatorFlow(true);
    execution.setFlowId(subflowId);
    execution.setRequirement(requirement);
    flows.computeIfAbsent(flowId, id -> new ArrayList<>()).add(execution);
  }
}
