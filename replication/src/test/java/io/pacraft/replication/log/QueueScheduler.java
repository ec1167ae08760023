package io.pacraft.replication.log;

import io.pacraft.replication.Scheduler;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/** A scheduler for single-threaded tests: tasks wait in a queue until the test runs them. */
final class QueueScheduler implements Scheduler {
  private record Timed(long at, long seq, Runnable task) {}

  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final PriorityQueue<Timed> timers =
      new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;

  @Override
  public void execute(Runnable task) {
    ready.add(task);
  }

  @Override
  public Cancellable schedule(long delayNanos, Runnable task) {
    Timed t = new Timed(now + delayNanos, seq++, task);
    timers.add(t);
    return () -> timers.remove(t);
  }

  @Override
  public boolean inScheduler() {
    return true;
  }

  int pending() {
    return ready.size() + timers.size();
  }

  /** Runs ready tasks (and those they queue), then due timers, until nothing is left; bounded. */
  void runAll() {
    for (int i = 0; i < 1_000_000; i++) {
      Runnable r = ready.poll();
      if (r == null) {
        Timed t = timers.poll();
        if (t == null) {
          return;
        }
        now = Math.max(now, t.at);
        r = t.task;
      }
      r.run();
    }
    throw new AssertionError("scheduler did not settle");
  }
}
