package dev.leash.keycloak.core;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * Runs a task, in its own transaction, on at most one cluster node at a time: every node's timer
 * fires, and Keycloak's cluster provider lets only the first one run the task, holding a
 * cluster-wide lock until the run ends or the lock's time is up, whichever comes first. The lock's
 * time must outlast the run, or another node starts a second one. Keycloak's own {@code
 * ClusterAwareScheduledTaskRunner} does the same, but it lives in a jar whose Maven descriptor
 * cannot be resolved for 26.7.3, so Leash calls the cluster SPI directly.
 */
public final class ClusterWideRun implements Runnable {

  private static final Logger LOG = Logger.getLogger(ClusterWideRun.class);

  private final KeycloakSessionFactory factory;
  private final ScheduledTask task;
  private final int lockSeconds;

  private ClusterWideRun(KeycloakSessionFactory factory, ScheduledTask task, int lockSeconds) {
    this.factory = factory;
    this.task = task;
    this.lockSeconds = lockSeconds;
  }

  /**
   * Schedules {@code task} every {@code intervalSeconds} on this node, on Keycloak's timer, run
   * cluster-wide at most once at a time: for short database tasks. The run must keep to {@code
   * bound}: its transaction times out, and the cluster-wide lock lapses, after {@link
   * RunBudget#lockSeconds()}, not after the interval, so a run slower than the interval (a short
   * interval, a loaded node) still commits its work instead of being rolled back every time. Call
   * from a factory's {@code postInit}: timers exist only once the server is up, so the task is
   * scheduled after database migration, like Keycloak's own cleanup tasks.
   */
  public static void scheduleAfterMigration(
      KeycloakSessionFactory factory, ScheduledTask task, int intervalSeconds, RunBudget bound) {
    factory.register(
        event -> {
          if (event instanceof PostMigrationEvent) {
            ClusterWideRun run = new ClusterWideRun(factory, task, bound.lockSeconds());
            KeycloakModelUtils.runJobInTransaction(
                factory,
                session ->
                    session
                        .getProvider(TimerProvider.class)
                        .schedule(run, intervalSeconds * 1000L, task.getTaskName()));
          }
        });
  }

  /**
   * Like {@link #scheduleAfterMigration(KeycloakSessionFactory, ScheduledTask, int, RunBudget)},
   * but on {@code executor} instead of Keycloak's timer: for tasks that wait on the network.
   * Keycloak runs all its scheduled tasks on one timer thread ({@code BasicTimerProviderFactory}
   * holds one {@code java.util.Timer}), so a slow task there would hold up every other, Keycloak's
   * own included. Runs here have fixed delays between them.
   */
  public static void scheduleAfterMigration(
      KeycloakSessionFactory factory,
      ScheduledTask task,
      int intervalSeconds,
      RunBudget bound,
      ScheduledExecutorService executor) {
    factory.register(
        event -> {
          if (event instanceof PostMigrationEvent) {
            executor.scheduleWithFixedDelay(
                new ClusterWideRun(factory, task, bound.lockSeconds()),
                intervalSeconds,
                intervalSeconds,
                TimeUnit.SECONDS);
          }
        });
  }

  @Override
  public void run() {
    try {
      // The lock's session only asks the cluster for the lock (Keycloak's cluster provider may
      // read the database for that). It stays open as long as the run, so it gets the run's time.
      KeycloakModelUtils.runJobInTransactionWithTimeout(
          factory,
          lockSession ->
              lockSession
                  .getProvider(ClusterProvider.class)
                  .executeIfNotExecuted(task.getTaskName(), lockSeconds, this::runAndCommit),
          lockSeconds);
    } catch (Throwable e) {
      // The timer thread must survive a failed run, errors included (Keycloak's timer catches
      // nothing: one would end every scheduled task of the node); the next interval tries again.
      LOG.errorf(e, "Leash task %s failed", task.getTaskName());
    }
  }

  /**
   * Runs the task in a transaction of its own that commits while this node still holds the lock.
   * Had the task run in the lock's session, the lock would be released before its work committed,
   * and another node could start a run on the same, not yet committed, work. Its time is the lock's
   * (a default, 60 s, transaction timeout would roll a long run back); the steps inside may run in
   * sessions of their own, each bounded well below that.
   */
  private Void runAndCommit() {
    KeycloakModelUtils.runJobInTransactionWithTimeout(factory, task::run, lockSeconds);
    return null;
  }
}
