package io.pacraft.replication.sim;

import io.pacraft.replication.Scheduler;

/**
 * A node's scheduler in the simulator: tasks become events of the loop, dropped once the node
 * crashed (its incarnation ended) and held back while it is paused.
 */
final class SimScheduler implements Scheduler {
  private final EventLoop loop;
  private final SimNode node;
  private final int incarnation;

  SimScheduler(EventLoop loop, SimNode node, int incarnation) {
    this.loop = loop;
    this.node = node;
    this.incarnation = incarnation;
  }

  @Override
  public void execute(Runnable task) {
    loop.after(0, null, () -> node.run(incarnation, task));
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    boolean[] cancelled = {false};
    loop.after(
        delayNanos,
        loop.tracing() ? node.id() + " timer" : null,
        () -> {
          if (!cancelled[0]) {
            node.run(incarnation, task);
          }
        });
    return () -> cancelled[0] = true;
  }

  @Override
  public boolean inScheduler() {
    return true;
  }
}
