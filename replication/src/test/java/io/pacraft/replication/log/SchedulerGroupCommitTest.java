package io.pacraft.replication.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.disk.RealDisk;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log without a writer thread, on a real directory: what a standalone node's event loop runs.
 * (Crashes at every disk operation: {@link LogCrashRecoveryTest}.)
 */
class SchedulerGroupCommitTest {
  @TempDir Path tmp;

  private final QueueScheduler scheduler = new QueueScheduler();

  @Test
  void everythingIssuedBeforeTheSyncTaskRunsSharesOneWriteAndOneSync() throws Exception {
    CountingDisk disk = new CountingDisk(new RealDisk(tmp));
    SegmentedLogStore store = SegmentedLogStore.openOnScheduler(disk, scheduler, LogStoreOptions.defaults().withPreallocate(false));
    scheduler.runAll();
    long syncs = disk.syncs.get();
    long writes = disk.writes.get();
    List<Long> acked = new ArrayList<>();
    for (long i = 1; i <= 500; i++) {
      long n = i;
      store.append(SegmentedLogStoreTest.entries(i, i, 1), () -> acked.add(n));
    }
    assertThat(acked).as("nothing is acknowledged before the sync task runs").isEmpty();
    assertThat(disk.writes.get()).as("records wait in memory for the sync task").isEqualTo(writes);
    scheduler.runAll();
    assertThat(acked).hasSize(500).isSorted();
    assertThat(disk.syncs.get() - syncs).isEqualTo(1);
    assertThat(disk.writes.get() - writes).isEqualTo(1);
    store.close();
  }

  @Test
  void deferredAppendsAreWrittenWithoutASyncUntilOneIsAskedFor() throws Exception {
    CountingDisk disk = new CountingDisk(new RealDisk(tmp));
    LogStoreOptions options = LogStoreOptions.defaults().withPreallocate(false);
    SegmentedLogStore store = SegmentedLogStore.openOnScheduler(disk, scheduler, options);
    scheduler.runAll();
    long syncs = disk.syncs.get();
    long writes = disk.writes.get();
    for (long i = 1; i <= 100; i++) {
      store.appendDeferred(SegmentedLogStoreTest.entries(i, i, 1));
    }
    scheduler.runAll();
    assertThat(disk.writes.get() - writes).as("written in one go").isEqualTo(1);
    assertThat(disk.syncs.get()).as("no sync asked for").isEqualTo(syncs);
    List<String> acked = new ArrayList<>();
    store.appendDeferred(SegmentedLogStoreTest.entries(101, 101, 1));
    store.sync(() -> acked.add("synced"));
    assertThat(acked).isEmpty();
    scheduler.runAll();
    assertThat(acked).containsExactly("synced");
    assertThat(disk.syncs.get() - syncs).isEqualTo(1);
    store.close();
    try (SegmentedLogStore back = SegmentedLogStore.openOnScheduler(new RealDisk(tmp), new QueueScheduler(), options)) {
      assertThat(back.entries(1, 102, Long.MAX_VALUE)).containsExactlyElementsOf(SegmentedLogStoreTest.entries(1, 101, 1));
    }
  }

  @Test
  void appendsFromCallbacksJoinTheNextSyncAndEverySegmentSurvivesReopen() throws Exception {
    LogStoreOptions options = LogStoreOptions.defaults().withSegmentBytes(4096).withCacheBytes(2048);
    SegmentedLogStore store = SegmentedLogStore.openOnScheduler(new RealDisk(tmp), scheduler, options);
    int chains = 16;
    int perChain = 100;
    List<Long> acked = new ArrayList<>();
    for (int c = 0; c < chains; c++) {
      int[] left = {perChain};
      Runnable[] next = new Runnable[1];
      next[0] =
          () -> {
            long i = store.lastIndex() + 1;
            store.append(SegmentedLogStoreTest.entries(i, i, 1), () -> {
              acked.add(i);
              if (--left[0] > 0) {
                next[0].run();
              }
            });
          };
      next[0].run();
    }
    scheduler.runAll();
    assertThat(acked).hasSize(chains * perChain).isSorted();
    assertThat(store.segmentCount()).isGreaterThan(1);
    assertThat(store.entry(1)).isEqualTo(SegmentedLogStoreTest.entry(1, 1, "e1t1"));
    store.close();

    try (SegmentedLogStore back = SegmentedLogStore.openOnScheduler(new RealDisk(tmp), new QueueScheduler(), options)) {
      assertThat(back.lastIndex()).isEqualTo((long) chains * perChain);
      assertThat(back.entries(1, chains * perChain + 1, Long.MAX_VALUE))
          .containsExactlyElementsOf(SegmentedLogStoreTest.entries(1, chains * perChain, 1));
    }
  }

  @Test
  void closeWritesAndSyncsWhatIsStillPending() throws Exception {
    SegmentedLogStore store = SegmentedLogStore.openOnScheduler(new RealDisk(tmp), scheduler, LogStoreOptions.defaults());
    store.append(SegmentedLogStoreTest.entries(1, 50, 2), null);
    store.saveHardState(new byte[] {4, 2}, null);
    store.close(); // the sync task never ran
    try (SegmentedLogStore back = SegmentedLogStore.openDeterministic(new RealDisk(tmp), new QueueScheduler(), LogStoreOptions.defaults())) {
      assertThat(back.lastIndex()).isEqualTo(50);
      assertThat(back.hardState()).containsExactly(4, 2);
    }
  }
}
