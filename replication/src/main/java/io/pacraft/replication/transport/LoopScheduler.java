package io.pacraft.replication.transport;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's {@link io.pacraft.replication.Scheduler} on its node's bus event loop (see {@link
 * NodeTransport#groupScheduler}): the group's tasks, timers and received messages run on the thread
 * that reads and writes the bus, so a message needs no hand-off from the network thread to the
 * group's, and what the group sends is written without waking another thread.
 *
 * <p>Several groups (a node's shard and meta groups) may share one loop. {@link #inScheduler()} is
 * true only inside <em>this</em> group's own tasks, so one group's call into another's API from its
 * task queues there instead of running re-entrantly. A task that throws is logged and stops
 * nothing. After {@link #close()} queued tasks and timers do nothing; the loop itself stays up.
 */
final class LoopScheduler implements NodeTransport.GroupScheduler {
  private static final Logger log = LoggerFactory.getLogger(LoopScheduler.class);

  /** The group whose task the current thread is running, if it is a loop running one. */
  private static final ThreadLocal<LoopScheduler> RUNNING = new ThreadLocal<>();

  private final EventLoop loop;
  private volatile boolean closed;

  LoopScheduler(EventLoop loop) {
    this.loop = loop;
  }

  @Override
  public void execute(Runnable task) {
    if (closed) {
      return;
    }
    try {
      loop.execute(() -> run(task));
    } catch (RejectedExecutionException e) {
      log.debug("task dropped: the bus has shut down");
    }
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    if (closed) {
      return () -> {};
    }
    try {
      ScheduledFuture<?> f = loop.schedule(() -> run(task), delayNanos, TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  @Override
  public boolean inScheduler() {
    return RUNNING.get() == this;
  }

  /**
   * True when the caller is the loop itself outside any group's task (the bus's inbound handler),
   * where a received message can run at once: no task of this or another group is in progress.
   */
  boolean canRunHere() {
    return !closed && loop.inEventLoop() && RUNNING.get() == null;
  }

  /** Runs {@code task} as this group's task, on the caller's thread (the loop). */
  void run(Runnable task) {
    if (closed) {
      return;
    }
    LoopScheduler outer = RUNNING.get();
    RUNNING.set(this);
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      log.error("scheduled task failed", e);
    } finally {
      RUNNING.set(outer);
    }
  }

  /**
   * Stops running the group's tasks; unless called from the loop, waits (up to five seconds) for a
   * task of the group that is running now.
   */
  @Override
  public void close() {
    closed = true;
    if (!loop.inEventLoop()) {
      try {
        loop.submit(() -> {}).awaitUninterruptibly(5, TimeUnit.SECONDS);
      } catch (RejectedExecutionException e) {
        // the bus has shut down: nothing of ours runs any more
      }
    }
  }
}
