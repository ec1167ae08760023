package io.pacraft.replication.runtime;

import io.pacraft.replication.Scheduler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} on one named daemon thread (a single-threaded {@link
 * ScheduledThreadPoolExecutor}). Tasks given to {@link #execute} run in submission order; a task
 * that throws is logged and does not stop the thread. Create it with {@link #start(String)}, stop
 * it with {@link #close()} (tasks still queued are dropped). A test fixture for tests that need a
 * real thread; nodes run their groups on the bus loop ({@code NodeTransport.groupScheduler()}).
 */
public final class ThreadScheduler implements Scheduler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ThreadScheduler.class);

  private final ScheduledThreadPoolExecutor executor;
  private volatile Thread thread;

  private ThreadScheduler(String name) {
    executor = SchedulerThreads.single(name, t -> thread = t);
    executor.prestartCoreThread();
  }

  /** Starts a scheduler whose thread is called {@code name}. */
  public static ThreadScheduler start(String name) {
    return new ThreadScheduler(name);
  }

  @Override
  public void execute(Runnable task) {
    executor.execute(() -> runLogged(task));
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    ScheduledFuture<?> f = executor.schedule(() -> runLogged(task), delayNanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public boolean inScheduler() {
    return Thread.currentThread() == thread;
  }

  private static void runLogged(Runnable task) {
    SchedulerThreads.runLogged(log, task);
  }

  /** Stops the thread after the running task; waits up to five seconds for it. */
  @Override
  public void close() {
    SchedulerThreads.shutDown(executor, inScheduler());
  }
}
