package io.pacraft.replication.runtime;

import io.pacraft.replication.Scheduler;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} without a thread of its own to hop to: a task given to {@link #execute} runs
 * on the calling thread when no other task is running, and otherwise is queued for the thread that
 * is running tasks, which runs it next. Tasks still run one at a time and in submission order, and
 * each sees everything the ones before it did, so a group's single logical thread keeps its
 * meaning; what goes away is the wake-up of another thread for every task — twice per write on a
 * standalone node (the proposal's numbering and the log's durability callback).
 *
 * <p>For groups whose tasks are short (the solo protocol's): the thread that finds the scheduler
 * free runs what is queued, up to {@link #INLINE_BUDGET} tasks, then hands the rest to the
 * scheduler's own thread, which also runs timers. A task that throws is logged and does not stop
 * the others. {@link #close()} drops what is still queued.
 */
public final class InlineScheduler implements Scheduler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InlineScheduler.class);

  /** Tasks a caller's thread runs before it hands the queue over (bounds its detour). */
  static final int INLINE_BUDGET = 64;

  private final ScheduledThreadPoolExecutor thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile Thread owner;
  private volatile boolean closed;

  private InlineScheduler(String name) {
    thread = SchedulerThreads.single(name, t -> {});
  }

  /** A scheduler whose own thread (timers, handed-over queues) is called {@code name}. */
  public static InlineScheduler start(String name) {
    return new InlineScheduler(name);
  }

  @Override
  public void execute(Runnable task) {
    if (closed) {
      return;
    }
    tasks.add(task);
    if (running.compareAndSet(false, true)) {
      runQueued(INLINE_BUDGET);
    }
  }

  /** Runs queued tasks while this thread holds {@link #running}; releases it, or hands it over. */
  private void runQueued(int budget) {
    owner = Thread.currentThread();
    while (true) {
      Runnable t;
      while ((t = tasks.poll()) != null) {
        runLogged(t);
        if (--budget <= 0 && !tasks.isEmpty()) {
          handOver();
          return;
        }
      }
      owner = null;
      running.set(false);
      // a task queued after the last poll and before the release found the scheduler busy: run it
      if (tasks.isEmpty() || closed || !running.compareAndSet(false, true)) {
        return;
      }
      owner = Thread.currentThread();
    }
  }

  /** Passes the queue, and {@link #running} with it, to the scheduler's own thread. */
  private void handOver() {
    owner = null;
    try {
      thread.execute(() -> runQueued(Integer.MAX_VALUE));
    } catch (RejectedExecutionException e) {
      running.set(false); // closed: what is queued is dropped
    }
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    AtomicBoolean cancelled = new AtomicBoolean();
    ScheduledFuture<?> f;
    try {
      f =
          thread.schedule(
              () ->
                  execute(
                      () -> {
                        if (!cancelled.get()) {
                          task.run();
                        }
                      }),
              delayNanos,
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return () -> {}; // closed
    }
    return () -> {
      cancelled.set(true);
      f.cancel(false);
    };
  }

  @Override
  public boolean inScheduler() {
    return owner == Thread.currentThread();
  }

  private static void runLogged(Runnable task) {
    SchedulerThreads.runLogged(log, task);
  }

  /** Drops queued tasks and timers; waits up to five seconds for the scheduler's own thread. */
  @Override
  public void close() {
    closed = true;
    tasks.clear();
    SchedulerThreads.shutDown(thread, inScheduler());
  }
}
