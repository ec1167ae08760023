package io.pacraft.replication.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.Scheduler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InlineSchedulerTest extends SchedulerContractTest {
  @Override
  Scheduler start(String name) {
    return InlineScheduler.start(name);
  }

  @Test
  void aTaskRunsOnTheCallersThreadWhenTheSchedulerIsFree() {
    try (InlineScheduler s = InlineScheduler.start("inline-free")) {
      Thread caller = Thread.currentThread();
      List<Boolean> inside = new ArrayList<>();
      s.execute(() -> inside.add(Thread.currentThread() == caller && s.inScheduler()));
      assertThat(inside).as("ran before execute returned, on this thread").containsExactly(true);
      assertThat(s.inScheduler()).isFalse();
    }
  }

  @Test
  void aTaskQueuedFromATaskRunsAfterIt() {
    try (InlineScheduler s = InlineScheduler.start("inline-nested")) {
      List<String> order = new ArrayList<>();
      s.execute(() -> {
        s.execute(() -> order.add("inner"));
        order.add("outer");
      });
      assertThat(order).containsExactly("outer", "inner");
    }
  }

  /**
   * Many threads submitting at once: tasks never overlap, each thread's tasks run in the order it
   * submitted them, and none is lost — including those past the inline budget, which the
   * scheduler's own thread takes over.
   */
  @Test
  void tasksFromManyThreadsRunOneAtATimeInSubmissionOrder() throws Exception {
    try (InlineScheduler s = InlineScheduler.start("inline-many")) {
      int threads = 4;
      int perThread = 20_000;
      AtomicInteger running = new AtomicInteger();
      AtomicInteger overlaps = new AtomicInteger();
      int[] last = new int[threads];
      java.util.Arrays.fill(last, -1);
      AtomicInteger outOfOrder = new AtomicInteger();
      AtomicInteger ran = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> submitters = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread th =
            new Thread(
                () -> {
                  try {
                    start.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  for (int i = 0; i < perThread; i++) {
                    int n = i;
                    s.execute(() -> {
                      if (running.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                      }
                      if (last[id] != n - 1) { // plain field: the scheduler's order makes it visible
                        outOfOrder.incrementAndGet();
                      }
                      last[id] = n;
                      ran.incrementAndGet();
                      running.decrementAndGet();
                    });
                  }
                });
        submitters.add(th);
        th.start();
      }
      start.countDown();
      for (Thread th : submitters) {
        th.join(30_000);
      }
      CountDownLatch done = new CountDownLatch(1);
      s.execute(done::countDown);
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran.get()).isEqualTo(threads * perThread);
      assertThat(overlaps.get()).isZero();
      assertThat(outOfOrder.get()).isZero();
    }
  }

  @Test
  void aCallerRunsAtMostItsBudgetThenTheSchedulersThreadTakesOver() throws Exception {
    try (InlineScheduler s = InlineScheduler.start("inline-budget")) {
      Thread caller = Thread.currentThread();
      List<String> threads = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch done = new CountDownLatch(1);
      int total = InlineScheduler.INLINE_BUDGET * 3;
      s.execute(() -> {
        for (int i = 0; i < total; i++) {
          s.execute(() -> threads.add(Thread.currentThread() == caller ? "caller" : Thread.currentThread().getName()));
        }
        s.execute(done::countDown);
      });
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(threads).hasSize(total);
      assertThat(threads.stream().filter("caller"::equals).count()).isLessThan(InlineScheduler.INLINE_BUDGET);
      assertThat(threads).contains("inline-budget");
    }
  }

  @Test
  void afterCloseNothingRuns() {
    InlineScheduler s = InlineScheduler.start("inline-closed");
    s.close();
    List<String> seen = new ArrayList<>();
    s.execute(() -> seen.add("late"));
    s.schedule(1, () -> seen.add("timer"));
    assertThat(seen).isEmpty();
  }
}
