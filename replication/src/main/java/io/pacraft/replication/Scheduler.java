package io.pacraft.replication;

import java.util.concurrent.Executor;

/** A single logical thread: tasks run one at a time, in order for {@link #execute}. */
public interface Scheduler extends Executor {
  /** Runs {@code task} on the scheduler as soon as it can. */
  @Override
  void execute(Runnable task);

  /** Runs {@code task} once after {@code delayNanos}; cancelling before then stops it. */
  Cancellable schedule(long delayNanos, Runnable task);

  /** True when the calling thread is the scheduler's (the simulator's is always true). */
  boolean inScheduler();

  interface Cancellable {
    void cancel();
  }
}
