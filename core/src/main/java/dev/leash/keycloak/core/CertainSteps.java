package dev.leash.keycloak.core;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.keycloak.models.AuthenticationExecutionModel;

/**
 * The steps an authentication flow certainly runs, judged as Keycloak 26.7.3's {@code
 * DefaultAuthenticationFlow} runs one. On a level with required or conditional executions only
 * those run (alternatives are dropped), and each must succeed: a required subflow is entered, a
 * conditional one when it has a condition and all its conditions held, and a step that is not a
 * subflow runs whether required or conditional. A level of alternatives alone runs one of them, so
 * only a lone alternative is certain.
 */
final class CertainSteps {

  /** What the walk needs to know of a realm's flows. */
  interface Flows {

    /** The executions of the flow or subflow {@code flowId}. */
    List<AuthenticationExecutionModel> executionsOf(String flowId);

    /** Whether Keycloak takes {@code execution} for a condition of its subflow. */
    boolean isCondition(AuthenticationExecutionModel execution);

    /** Whether the condition {@code condition} certainly held. */
    boolean held(AuthenticationExecutionModel condition);
  }

  private final Flows flows;
  private final Set<String> steps = new HashSet<>();

  /** Keycloak does not refuse a flow that holds itself; each flow is walked once regardless. */
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
    List<AuthenticationExecutionModel> enabled =
        flows.executionsOf(flowId).stream()
            .filter(AuthenticationExecutionModel::isEnabled)
            .toList();
    List<AuthenticationExecutionModel> required =
        enabled.stream().filter(e -> e.isRequired() || e.isConditional()).toList();
    if (!required.isEmpty()) {
      required.forEach(this::run);
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

  private boolean conditionsHeld(String subflowId) {
    List<AuthenticationExecutionModel> conditions =
        flows.executionsOf(subflowId).stream().filter(flows::isCondition).toList();
    return !conditions.isEmpty() && conditions.stream().allMatch(flows::held);
  }
}
