package io.pacraft.replication.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.replication.sim.SimDisk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentedLogStoreTest {
  private final SimDisk disk = new SimDisk();
  private QueueScheduler scheduler = new QueueScheduler();

  private SegmentedLogStore open(LogStoreOptions options) throws IOException {
    return SegmentedLogStore.openDeterministic(disk, scheduler, options);
  }

  /** Segments that grow as they are written: these tests count files, writes and syncs (see PreallocatedSegmentTest). */
  private static final LogStoreOptions GROWING = LogStoreOptions.defaults().withPreallocate(false);

  private SegmentedLogStore open() throws IOException {
    return open(GROWING);
  }

  /** Crashes the disk keeping only what was synced, and reopens. */
  private SegmentedLogStore crashAndReopen(SegmentedLogStore store, LogStoreOptions options) throws IOException {
    store.close();
    disk.crash();
    scheduler = new QueueScheduler();
    return open(options);
  }

  static LogEntry entry(long index, long term, String payload) {
    return new LogEntry(index, term, LogEntry.NORMAL, payload.getBytes(StandardCharsets.UTF_8));
  }

  static List<LogEntry> entries(long from, long to, long term) {
    List<LogEntry> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(entry(i, term, "e" + i + "t" + term));
    }
    return out;
  }

  @Test
  void anEmptyLogStartsAtOne() throws IOException {
    try (SegmentedLogStore store = open()) {
      assertThat(store.firstIndex()).isEqualTo(1);
      assertThat(store.lastIndex()).isZero();
      assertThat(store.term(0)).isZero();
      assertThat(store.snapshotIndex()).isZero();
      assertThat(store.hardState()).isEmpty();
      assertThat(store.sizeBytes()).isPositive();
      assertThatThrownBy(() -> store.entry(1)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> store.term(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void appendsAreVisibleAtOnceAndDurableAfterTheSyncTask() throws IOException {
    SegmentedLogStore store = open();
    List<String> acks = new ArrayList<>();
    store.append(entries(1, 3, 1), () -> acks.add("a1"));
    store.saveHardState(new byte[] {7}, () -> acks.add("hs"));
    store.append(entries(4, 4, 2), () -> acks.add("a2"));
    assertThat(store.lastIndex()).isEqualTo(4);
    assertThat(store.entry(2)).isEqualTo(entry(2, 1, "e2t1"));
    assertThat(store.term(4)).isEqualTo(2);
    assertThat(store.hardState()).containsExactly(7);
    assertThat(acks).isEmpty();

    // a crash before the sync task ran loses all of it
    SegmentedLogStore lost = crashAndReopen(store, LogStoreOptions.defaults());
    assertThat(lost.lastIndex()).isZero();
    assertThat(lost.hardState()).isEmpty();

    List<String> acks2 = new ArrayList<>();
    lost.append(entries(1, 3, 1), () -> acks2.add("a1"));
    lost.saveHardState(new byte[] {7}, () -> acks2.add("hs"));
    lost.append(entries(4, 4, 2), () -> acks2.add("a2"));
    scheduler.runAll();
    assertThat(acks2).containsExactly("a1", "hs", "a2");
    SegmentedLogStore back = crashAndReopen(lost, LogStoreOptions.defaults());
    assertThat(back.lastIndex()).isEqualTo(4);
    assertThat(back.entries(1, 5, Long.MAX_VALUE)).containsExactlyElementsOf(concat(entries(1, 3, 1), entries(4, 4, 2)));
    assertThat(back.hardState()).containsExactly(7);
    back.close();
  }

  @Test
  void oneSyncTaskServesEveryWriteIssuedBeforeItRuns() throws IOException {
    SegmentedLogStore store = open();
    long before = disk.operations();
    List<Integer> acks = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      int n = i;
      store.append(entries(i, i, 1), () -> acks.add(n));
    }
    assertThat(scheduler.pending()).isEqualTo(1);
    scheduler.runAll();
    assertThat(acks).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    // ten writes, one sync
    assertThat(disk.operations() - before).isEqualTo(11);
    store.close();
  }

  @Test
  void callbacksMayIssueMoreWrites() throws IOException {
    SegmentedLogStore store = open();
    List<Long> acked = new ArrayList<>();
    Runnable[] next = new Runnable[1];
    next[0] =
        () -> {
          acked.add(store.lastIndex());
          if (store.lastIndex() < 5) {
            store.append(entries(store.lastIndex() + 1, store.lastIndex() + 1, 1), next[0]);
          }
        };
    store.append(entries(1, 1, 1), next[0]);
    scheduler.runAll();
    assertThat(acked).containsExactly(1L, 2L, 3L, 4L, 5L);
    store.close();
  }

  @Test
  void entriesStopAtMaxBytesButReturnAtLeastOne() throws IOException {
    try (SegmentedLogStore store = open()) {
      store.append(entries(1, 10, 1), null);
      int one = store.entry(1).sizeEstimate();
      assertThat(store.entries(1, 11, 0)).hasSize(1);
      assertThat(store.entries(1, 11, one * 3L)).hasSize(3);
      assertThat(store.entries(3, 6, Long.MAX_VALUE)).extracting(LogEntry::index).containsExactly(3L, 4L, 5L);
      assertThat(store.entries(4, 4, 100)).isEmpty();
      assertThatThrownBy(() -> store.entries(0, 3, 100)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> store.entries(5, 12, 100)).isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void aConflictingAppendReplacesTheSuffixDurably() throws IOException {
    SegmentedLogStore store = open();
    store.append(entries(1, 5, 1), null);
    scheduler.runAll();
    store.append(entries(3, 4, 2), null);
    assertThat(store.lastIndex()).isEqualTo(4);
    assertThat(store.term(3)).isEqualTo(2);
    scheduler.runAll();
    SegmentedLogStore back = crashAndReopen(store, LogStoreOptions.defaults());
    assertThat(back.lastIndex()).isEqualTo(4);
    assertThat(back.entries(1, 5, Long.MAX_VALUE))
        .containsExactlyElementsOf(concat(entries(1, 2, 1), entries(3, 4, 2)));
    // the old entry 5 must not come back, even after more appends and another restart
    back.append(entries(5, 5, 3), null);
    scheduler.runAll();
    SegmentedLogStore again = crashAndReopen(back, LogStoreOptions.defaults());
    assertThat(again.entry(5)).isEqualTo(entry(5, 3, "e5t3"));
    again.close();
  }

  @Test
  void rejectsGapsAndIndexesBeforeTheLog() throws IOException {
    try (SegmentedLogStore store = open()) {
      store.append(entries(1, 3, 1), null);
      assertThatThrownBy(() -> store.append(entries(5, 5, 1), null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.append(List.of(entry(4, 1, "a"), entry(6, 1, "b")), null))
          .isInstanceOf(IllegalArgumentException.class);
      store.compact(2, 1, 0, null);
      assertThatThrownBy(() -> store.append(entries(2, 2, 1), null)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.compact(1, 1, 0, null)).isInstanceOf(IllegalArgumentException.class);
      assertThat(store.lastIndex()).isEqualTo(3);
    }
  }

  @Test
  void emptyAppendStillWaitsForEarlierWrites() throws IOException {
    try (SegmentedLogStore store = open()) {
      List<String> acks = new ArrayList<>();
      store.append(entries(1, 1, 1), () -> acks.add("write"));
      store.append(List.of(), () -> acks.add("barrier"));
      assertThat(acks).isEmpty();
      scheduler.runAll();
      assertThat(acks).containsExactly("write", "barrier");
    }
  }

  @Test
  void rollsSegmentsAndReadsEvictedEntriesBackFromDisk() throws IOException {
    LogStoreOptions small = GROWING.withSegmentBytes(256).withCacheBytes(0);
    SegmentedLogStore store = open(small);
    for (long i = 1; i <= 40; i++) {
      store.append(entries(i, i, 1 + i / 10), null);
    }
    scheduler.runAll();
    assertThat(store.segmentCount()).isGreaterThan(4);
    assertThat(store.cachedBytes()).isZero();
    assertThat(disk.list()).hasSize(store.segmentCount());
    for (long i = 1; i <= 40; i++) {
      assertThat(store.entry(i)).isEqualTo(entry(i, 1 + i / 10, "e" + i + "t" + (1 + i / 10)));
    }
    SegmentedLogStore back = crashAndReopen(store, small);
    assertThat(back.lastIndex()).isEqualTo(40);
    assertThat(back.entries(1, 41, Long.MAX_VALUE)).hasSize(40);
    assertThat(back.entry(33).payload()).isEqualTo("e33t4".getBytes(StandardCharsets.UTF_8));
    back.close();
  }

  @Test
  void aRecordLargerThanASegmentGetsOneOfItsOwn() throws IOException {
    LogStoreOptions small = LogStoreOptions.defaults().withSegmentBytes(128);
    SegmentedLogStore store = open(small);
    String big = "x".repeat(1000);
    store.append(List.of(entry(1, 1, "a"), entry(2, 1, big), entry(3, 1, "b")), null);
    scheduler.runAll();
    SegmentedLogStore back = crashAndReopen(store, small);
    assertThat(back.entry(2).payload()).hasSize(1000);
    assertThat(back.entry(3)).isEqualTo(entry(3, 1, "b"));
    back.close();
  }

  @Test
  void cacheStaysWithinItsBudgetOnceEntriesAreDurable() throws IOException {
    LogStoreOptions options = LogStoreOptions.defaults().withCacheBytes(1000);
    try (SegmentedLogStore store = open(options)) {
      store.append(entries(1, 200, 1), null);
      assertThat(store.cachedBytes()).isGreaterThan(1000); // not yet durable: all kept
      scheduler.runAll();
      assertThat(store.cachedBytes()).isLessThanOrEqualTo(1000).isPositive();
      assertThat(store.entry(1)).isEqualTo(entry(1, 1, "e1t1"));
      assertThat(store.entry(200)).isEqualTo(entry(200, 1, "e200t1"));
    }
  }

  @Test
  void compactionDeletesWholeSegmentsAndHonoursRetain() throws IOException {
    LogStoreOptions small = GROWING.withSegmentBytes(256);
    SegmentedLogStore store = open(small);
    store.append(entries(1, 60, 1), null);
    scheduler.runAll();
    int segmentsBefore = store.segmentCount();
    long sizeBefore = store.sizeBytes();
    List<String> acks = new ArrayList<>();
    store.compact(50, 1, 5, () -> acks.add("compacted"));
    assertThat(store.snapshotIndex()).isEqualTo(50);
    assertThat(store.snapshotTerm()).isEqualTo(1);
    assertThat(store.firstIndex()).isEqualTo(46);
    assertThat(store.term(50)).isEqualTo(1);
    assertThat(store.entry(46)).isEqualTo(entry(46, 1, "e46t1"));
    assertThatThrownBy(() -> store.entry(45)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(store.segmentCount()).isLessThan(segmentsBefore);
    assertThat(store.sizeBytes()).isLessThan(sizeBefore);
    scheduler.runAll();
    assertThat(acks).containsExactly("compacted");
    assertThat(disk.list()).hasSize(store.segmentCount());

    SegmentedLogStore back = crashAndReopen(store, small);
    assertThat(back.firstIndex()).isEqualTo(46);
    assertThat(back.lastIndex()).isEqualTo(60);
    assertThat(back.snapshotIndex()).isEqualTo(50);
    assertThat(back.entries(46, 61, Long.MAX_VALUE)).containsExactlyElementsOf(entries(46, 60, 1));
    back.close();
  }

  @Test
  void compactionPastTheEndDiscardsTheLogAndTheNextAppendFollowsTheSnapshot() throws IOException {
    SegmentedLogStore store = open();
    store.append(entries(1, 5, 1), null);
    store.compact(100, 7, 10, null);
    assertThat(store.firstIndex()).isEqualTo(101);
    assertThat(store.lastIndex()).isEqualTo(100);
    assertThat(store.term(100)).isEqualTo(7);
    assertThatThrownBy(() -> store.append(entries(5, 5, 1), null)).isInstanceOf(IllegalArgumentException.class);
    store.append(entries(101, 102, 8), null);
    scheduler.runAll();
    SegmentedLogStore back = crashAndReopen(store, LogStoreOptions.defaults());
    assertThat(back.firstIndex()).isEqualTo(101);
    assertThat(back.lastIndex()).isEqualTo(102);
    assertThat(back.term(100)).isEqualTo(7);
    assertThat(back.entry(102)).isEqualTo(entry(102, 8, "e102t8"));
    back.close();
  }

  @Test
  void compactionWithAConflictingTermDiscardsTheLog() throws IOException {
    try (SegmentedLogStore store = open()) {
      store.append(entries(1, 5, 1), null);
      store.compact(3, 2, 0, null);
      assertThat(store.lastIndex()).isEqualTo(3);
      assertThat(store.firstIndex()).isEqualTo(4);
      assertThat(store.term(3)).isEqualTo(2);
    }
  }

  @Test
  void hardStateSurvivesSegmentDeletion() throws IOException {
    LogStoreOptions small = LogStoreOptions.defaults().withSegmentBytes(200);
    SegmentedLogStore store = open(small);
    store.saveHardState("term=3".getBytes(StandardCharsets.UTF_8), null);
    store.append(entries(1, 40, 3), null);
    store.compact(40, 3, 0, null);
    scheduler.runAll();
    assertThat(store.segmentCount()).isEqualTo(1);
    SegmentedLogStore back = crashAndReopen(store, small);
    assertThat(new String(back.hardState(), StandardCharsets.UTF_8)).isEqualTo("term=3");
    assertThat(back.snapshotIndex()).isEqualTo(40);
    assertThat(back.lastIndex()).isEqualTo(40);
    back.close();
  }

  @Test
  void aFailedWriteStopsTheStoreAndNoCallbackRuns() throws IOException {
    SegmentedLogStore store = open();
    List<String> acks = new ArrayList<>();
    List<IOException> failures = new ArrayList<>();
    store.onFailure(failures::add);
    assertThat(store.failure()).isNull();
    store.append(entries(1, 1, 1), () -> acks.add("first"));
    disk.failNextWrite();
    assertThatThrownBy(() -> store.append(entries(2, 2, 1), () -> acks.add("second")))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(failures).as("the handler runs on the scheduler, not inside append").isEmpty();
    scheduler.runAll();
    assertThat(acks).isEmpty();
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0)).hasMessageContaining("injected write failure");
    assertThatThrownBy(() -> store.saveHardState(new byte[1], null)).isInstanceOf(UncheckedIOException.class);
    scheduler.runAll();
    assertThat(failures).as("once").hasSize(1);
    // a handler registered after the failure hears of it too
    List<IOException> late = new ArrayList<>();
    store.onFailure(late::add);
    scheduler.runAll();
    assertThat(late).containsExactly(failures.get(0));
    Map<String, String> status = new java.util.HashMap<>();
    store.putStatus(status);
    assertThat(status).containsEntry("log_write_status", "err");
    store.close();
  }

  @Test
  void aFailedSyncStopsTheStoreAndNoCallbackRuns() throws IOException {
    SegmentedLogStore store = open();
    List<String> acks = new ArrayList<>();
    List<IOException> failures = new ArrayList<>();
    store.onFailure(failures::add);
    store.append(entries(1, 1, 1), () -> acks.add("first"));
    disk.failNextSync();
    scheduler.runAll();
    assertThat(acks).isEmpty();
    assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("injected sync failure"));
    assertThatThrownBy(() -> store.append(entries(2, 2, 1), null)).isInstanceOf(UncheckedIOException.class);
    store.close();
  }

  @Test
  void closedStoreRejectsWritesAndDropsCallbacks() throws IOException {
    SegmentedLogStore store = open();
    List<String> acks = new ArrayList<>();
    store.append(entries(1, 1, 1), () -> acks.add("x"));
    store.close();
    scheduler.runAll();
    assertThat(acks).isEmpty();
    assertThatThrownBy(() -> store.append(entries(2, 2, 1), null)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void scheduledSyncHonoursTheConfiguredDelay() throws IOException {
    try (SegmentedLogStore store = open(LogStoreOptions.defaults().withSyncDelayNanos(1_000_000))) {
      List<String> acks = new ArrayList<>();
      store.append(entries(1, 1, 1), () -> acks.add("x"));
      assertThat(scheduler.pending()).isEqualTo(1);
      scheduler.runAll();
      assertThat(acks).containsExactly("x");
    }
  }

  static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
