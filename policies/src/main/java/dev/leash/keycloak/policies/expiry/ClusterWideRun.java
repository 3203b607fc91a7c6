package dev.leash.keycloak.policies.expiry;

import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

/**
 * Runs a task, in its own transaction, on at most one cluster node per interval: every node's timer
 * fires, and Keycloak's cluster provider lets only the first one run the task. Keycloak's own
 * {@code ClusterAwareScheduledTaskRunner} does the same, but it lives in a jar whose Maven
 * descriptor cannot be resolved for 26.7.3, so Leash calls the cluster SPI directly.
 */
final class ClusterWideRun implements Runnable {

  private static final Logger LOG = Logger.getLogger(ClusterWideRun.class);

  private final KeycloakSessionFactory factory;
  private final ScheduledTask task;
  private final int intervalSeconds;

  ClusterWideRun(KeycloakSessionFactory factory, ScheduledTask task, int intervalSeconds) {
    this.factory = factory;
    this.task = task;
    this.intervalSeconds = intervalSeconds;
  }

  @Override
  public void run() {
    try {
      KeycloakModelUtils.runJobInTransaction(
          factory,
          session ->
              session
                  .getProvider(ClusterProvider.class)
                  .executeIfNotExecuted(
                      task.getTaskName(),
                      intervalSeconds,
                      () -> {
                        task.run(session);
                        return null;
                      }));
    } catch (RuntimeException e) {
      // The timer thread must survive a failed run; the next interval tries again.
      LOG.errorf(e, "Leash task %s failed", task.getTaskName());
    }
  }
}
