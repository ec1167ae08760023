package io.pacraft.server.net;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.pacraft.replication.Scheduler;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network event loop as a replication group's {@link Scheduler}: a standalone node's group runs
 * on the loop that reads most of its writes. A task given to {@link #execute} joins the loop's task
 * queue even when the loop itself gives it, so it runs after the reads of the current pass — every
 * write read in one pass shares one log sync. Tasks queued after the loop has shut down are dropped;
 * a task that throws is logged by the loop and does not stop it.
 */
public final class EventLoopScheduler implements Scheduler {
  private static final Logger log = LoggerFactory.getLogger(EventLoopScheduler.class);

  private final EventLoop loop;

  public EventLoopScheduler(EventLoop loop) {
    this.loop = loop;
  }

  @Override
  public void execute(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("task dropped: the event loop has shut down");
    }
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    try {
      ScheduledFuture<?> f = loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  @Override
  public boolean inScheduler() {
    return loop.inEventLoop();
  }
}
