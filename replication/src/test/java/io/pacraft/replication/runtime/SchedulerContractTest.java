package io.pacraft.replication.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.Scheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What every real-time {@link Scheduler} promises: timers, cancellation, tasks that throw. */
abstract class SchedulerContractTest {
  /** A started scheduler whose own thread is called {@code name}. */
  abstract Scheduler start(String name);

  private static void close(Scheduler s) throws Exception {
    ((AutoCloseable) s).close();
  }

  @Test
  void timersFireAfterTheirDelayUnlessCancelled() throws Exception {
    Scheduler s = start("contract-timer");
    try {
      CountDownLatch fired = new CountDownLatch(1);
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      long start = System.nanoTime();
      long[] firedAfter = new long[1];
      s.schedule(TimeUnit.MILLISECONDS.toNanos(30), () -> {
        firedAfter[0] = System.nanoTime() - start;
        seen.add("kept");
        fired.countDown();
      });
      Scheduler.Cancellable c = s.schedule(TimeUnit.MILLISECONDS.toNanos(10), () -> seen.add("cancelled"));
      c.cancel();
      assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(seen).containsExactly("kept");
      assertThat(firedAfter[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
    } finally {
      close(s);
    }
  }

  @Test
  void aFailingTaskDoesNotStopTheScheduler() throws Exception {
    Scheduler s = start("contract-fail");
    try {
      CountDownLatch after = new CountDownLatch(1);
      s.execute(() -> {
        throw new IllegalStateException("boom");
      });
      s.execute(after::countDown);
      assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      close(s);
    }
  }
}
