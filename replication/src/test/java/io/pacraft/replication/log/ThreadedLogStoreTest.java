package io.pacraft.replication.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.disk.RealDisk;
import io.pacraft.replication.runtime.ThreadScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer-thread mode on a real directory. */
class ThreadedLogStoreTest {
  @TempDir Path tmp;

  private final ThreadScheduler scheduler = ThreadScheduler.start("test-group");

  @AfterEach
  void stop() {
    scheduler.close();
  }

  private <T> T onScheduler(java.util.concurrent.Callable<T> task) throws Exception {
    return onScheduler(scheduler, task);
  }

  /** Runs {@code task} on {@code scheduler}'s thread and returns its result (30 s at most). */
  static <T> T onScheduler(ThreadScheduler scheduler, java.util.concurrent.Callable<T> task) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    scheduler.execute(
        () -> {
          try {
            f.complete(task.call());
          } catch (Throwable t) {
            f.completeExceptionally(t);
          }
        });
    return f.get(30, TimeUnit.SECONDS);
  }

  @Test
  void appendsFromCallbacksBecomeDurableInOrderAndSurviveReopen() throws Exception {
    LogStoreOptions options = LogStoreOptions.defaults().withSegmentBytes(4096).withCacheBytes(2048);
    SegmentedLogStore store = SegmentedLogStore.openThreaded(new RealDisk(tmp), scheduler, options, "log-writer-test");
    int chains = 16;
    int perChain = 100;
    List<Long> acked = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(chains);
    // 16 concurrent "proposers": each appends its next entry from the previous one's callback
    onScheduler(
        () -> {
          for (int c = 0; c < chains; c++) {
            int[] left = {perChain};
            Runnable[] next = new Runnable[1];
            next[0] =
                () -> {
                  if (--left[0] == 0) {
                    done.countDown();
                    return;
                  }
                  long i = store.lastIndex() + 1;
                  store.append(SegmentedLogStoreTest.entries(i, i, 1), () -> {
                    acked.add(i);
                    next[0].run();
                  });
                };
            long i = store.lastIndex() + 1;
            store.append(SegmentedLogStoreTest.entries(i, i, 1), () -> {
              acked.add(i);
              next[0].run();
            });
          }
          return null;
        });
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(acked).hasSize(chains * perChain);
    assertThat(acked).isSorted();
    assertThat(onScheduler(store::segmentCount)).isGreaterThan(1);
    // entries evicted from the cache come back from the files
    assertThat(onScheduler(() -> store.entry(1))).isEqualTo(SegmentedLogStoreTest.entry(1, 1, "e1t1"));
    onScheduler(
        () -> {
          store.close();
          return null;
        });

    SegmentedLogStore back = SegmentedLogStore.openThreaded(new RealDisk(tmp), scheduler, options, "log-writer-test");
    assertThat(onScheduler(back::lastIndex)).isEqualTo((long) chains * perChain);
    assertThat(onScheduler(() -> back.entries(1, chains * perChain + 1, Long.MAX_VALUE)))
        .containsExactlyElementsOf(SegmentedLogStoreTest.entries(1, chains * perChain, 1));
    back.close();
  }

  @Test
  void writesQueuedDuringAnFsyncShareTheNextOne() throws Exception {
    CountingDisk disk = new CountingDisk(new RealDisk(tmp));
    SegmentedLogStore store = SegmentedLogStore.openThreaded(disk, scheduler, LogStoreOptions.defaults().withPreallocate(false), "log-writer-test");
    long syncsAtOpen = disk.syncs.get();
    disk.holdNextSync();
    List<Long> acked = Collections.synchronizedList(new ArrayList<>());
    onScheduler(() -> {
      store.append(SegmentedLogStoreTest.entries(1, 1, 1), () -> acked.add(1L));
      return null;
    });
    // the writer is now inside the first fsync; everything appended meanwhile waits for one more
    assertThat(disk.gateReached.await(30, TimeUnit.SECONDS)).isTrue();
    onScheduler(() -> {
      for (long i = 2; i <= 500; i++) {
        long n = i;
        store.append(SegmentedLogStoreTest.entries(i, i, 1), () -> acked.add(n));
      }
      return null;
    });
    disk.release();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (acked.size() < 500 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(acked).hasSize(500).isSorted();
    assertThat(disk.syncs.get() - syncsAtOpen).isEqualTo(2);
    onScheduler(() -> {
      store.close();
      return null;
    });
  }

  @Test
  void closeDrainsQueuedWrites() throws Exception {
    SegmentedLogStore store = SegmentedLogStore.openThreaded(new RealDisk(tmp), scheduler, LogStoreOptions.defaults(), "w");
    onScheduler(() -> {
      store.append(SegmentedLogStoreTest.entries(1, 50, 2), null);
      store.saveHardState(new byte[] {4, 2}, null);
      store.close();
      return null;
    });
    try (SegmentedLogStore back = SegmentedLogStore.openDeterministic(new RealDisk(tmp), new QueueScheduler(), LogStoreOptions.defaults())) {
      assertThat(back.lastIndex()).isEqualTo(50);
      assertThat(back.hardState()).containsExactly(4, 2);
    }
  }
}
