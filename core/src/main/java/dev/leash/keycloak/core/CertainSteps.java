package dev.leash.keycloak.core;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.models.AuthenticationExecutionModel;

/**
 * The steps an authentication flow certainly runs, judged as Keycloak 26.7.3's {@code
 * DefaultAuthenticationFlow} runs one. Conditions are set apart first. On a level with required or
 * conditional executions only those run (alternatives beside them never do), and each must succeed:
 * a required subflow is entered, a conditional one when it has a condition and all its conditions
 * held, and a step that is not a subflow runs whether required or conditional. A level of
 * alternatives alone runs one of them, so only a lone alternative is certain.
 */
final class CertainSteps {

  /** What an execution is to the flow around it. */
  enum Kind {
    /** A step or a subflow. */
    STEP,
    /** A condition of its subflow. */
    CONDITION,
    /** Perhaps a condition: its authenticator cannot be told here. */
    UNKNOWN
  }

  /** What the walk needs to know of a realm's flows. */
  interface Flows {

    /** The executions of the flow or subflow {@code flowId}. */
    List<AuthenticationExecutionModel> executionsOf(String flowId);

    /** What Keycloak takes {@code execution} for; a disabled execution is a {@link Kind#STEP}. */
    Kind kindOf(AuthenticationExecutionModel execution);

    /** Whether the condition {@code condition} certainly held. */
    boolean held(AuthenticationExecutionModel condition);
  }

  private final Flows flows;
  private final Set<String> steps = new HashSet<>();

  /**
   * Keycloak 26.7.3 does not refuse a flow that holds itself (it never completes one); walking each
   * flow once keeps the token endpoint from doing the same.
   */
  private final Set<String> walked = new HashSet<>();

  private CertainSteps(Flows flows) {
    this.flows = flows;
  }

  /** The provider ids of the steps the flow {@code flowId} certainly runs. */
  static Set<String> of(String flowId, Flows flows) {
    CertainSteps walk = new CertainSteps(flows);
    walk.enter(flowId);
    return Set.copyOf(walk.steps);
  }

  private void enter(String flowId) {
    if (!walked.add(flowId)) {
      return;
    }
    // An execution that may be a condition stays: Keycloak may run it as a step.
    List<AuthenticationExecutionModel> enabled =
        flows.executionsOf(flowId).stream()
            .filter(AuthenticationExecutionModel::isEnabled)
            .filter(execution -> flows.kindOf(execution) != Kind.CONDITION)
            .toList();
    List<AuthenticationExecutionModel> mustRun =
        enabled.stream().filter(e -> e.isRequired() || e.isConditional()).toList();
    if (!mustRun.isEmpty()) {
      mustRun.forEach(this::run);
    } else if (enabled.size() == 1) {
      run(enabled.get(0));
    }
  }

  private void run(AuthenticationExecutionModel execution) {
    if (!execution.isAuthenticatorFlow()) {
      if (execution.getAuthenticator() != null) {
        steps.add(execution.getAuthenticator());
      }
    } else if (!execution.isConditional() || conditionsHeld(execution.getFlowId())) {
      enter(execution.getFlowId());
    }
  }

  /** A subflow runs when it has an enabled condition and all of them held. */
  private boolean conditionsHeld(String subflowId) {
    List<AuthenticationExecutionModel> conditions =
        flows.executionsOf(subflowId).stream()
            .filter(AuthenticationExecutionModel::isEnabled)
            .filter(execution -> flows.kindOf(execution) != Kind.STEP)
            .toList();
    return !conditions.isEmpty()
        && conditions.stream()
            .allMatch(
                condition -> flows.kindOf(condition) == Kind.CONDITION && flows.held(condition));
  }
}
