package io.pacraft.replication.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.Scheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadSchedulerTest extends SchedulerContractTest {
  @Override
  Scheduler start(String name) {
    return ThreadScheduler.start(name);
  }

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
}
