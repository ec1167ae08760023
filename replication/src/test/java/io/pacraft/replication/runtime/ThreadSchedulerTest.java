package io.pacraft.replication.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.Scheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadSchedulerTest {
  @Test
  void runsTasksInOrderOnItsOwnNamedThread() throws Exception {
    try (ThreadScheduler s = ThreadScheduler.start("grp-test")) {
      assertThat(s.inScheduler()).isFalse();
      List<Integer> order = Collections.synchronizedList(new ArrayList<>());
      List<Boolean> inside = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch done = new CountDownLatch(1);
      for (int i = 0; i < 1000; i++) {
        int n = i;
        s.execute(() -> {
          order.add(n);
          inside.add(s.inScheduler() && Thread.currentThread().getName().equals("grp-test"));
        });
      }
      s.execute(done::countDown);
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(order).hasSize(1000).isSorted();
      assertThat(inside).containsOnly(true);
    }
  }

  @Test
  void timersFireAfterTheirDelayUnlessCancelled() throws Exception {
    try (ThreadScheduler s = ThreadScheduler.start("grp-timer")) {
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
    }
  }

  @Test
  void aFailingTaskDoesNotStopTheScheduler() throws Exception {
    try (ThreadScheduler s = ThreadScheduler.start("grp-fail")) {
      CountDownLatch after = new CountDownLatch(1);
      s.execute(() -> {
        throw new IllegalStateException("boom");
      });
      s.execute(after::countDown);
      assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
