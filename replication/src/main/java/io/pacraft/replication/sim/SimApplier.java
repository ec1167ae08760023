package io.pacraft.replication.sim;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * A node's applier in the simulator: tasks run in order, one at a time, each as its own event after
 * a random delay, so a slow state machine interleaves with replication.
 */
final class SimApplier implements Executor {
  private final EventLoop loop;
  private final SimNode node;
  private final int incarnation;
  private final long maxDelayNanos;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean running;

  SimApplier(EventLoop loop, SimNode node, int incarnation, long maxDelayNanos) {
    this.loop = loop;
    this.node = node;
    this.incarnation = incarnation;
    this.maxDelayNanos = maxDelayNanos;
  }

  @Override
  public void execute(Runnable task) {
    queue.addLast(task);
    if (!running) {
      running = true;
      next();
    }
  }

  private void next() {
    long delay = maxDelayNanos == 0 ? 0 : Math.floorMod(loop.random().nextLong(), maxDelayNanos);
    loop.after(
        delay,
        loop.tracing() ? node.id() + " apply" : null,
        () -> node.run(incarnation, () -> {
          Runnable t = queue.pollFirst();
          t.run();
          if (queue.isEmpty()) {
            running = false;
          } else {
            next();
          }
        }));
  }
}
