package io.pacraft.replication.runtime;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;

/** {@link ThreadScheduler}'s one named thread, and how its tasks fail. */
final class SchedulerThreads {
  private SchedulerThreads() {}

  /**
   * One named daemon thread that runs timers; cancelled timers leave its queue at once, and those
   * still waiting when it shuts down never run. {@code created} learns the thread.
   */
  static ScheduledThreadPoolExecutor single(String name, Consumer<Thread> created) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              created.accept(t);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return executor;
  }

  /** Runs {@code task}; a task that throws is logged and stops nothing. */
  static void runLogged(Logger log, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      log.error("scheduled task failed", e);
    }
  }

  /** Stops {@code executor}, dropping queued tasks; unless called on its own thread, waits up to five seconds. */
  static void shutDown(ScheduledThreadPoolExecutor executor, boolean onItsThread) {
    executor.shutdownNow();
    if (!onItsThread) {
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
