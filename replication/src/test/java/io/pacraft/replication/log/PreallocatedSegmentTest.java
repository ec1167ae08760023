package io.pacraft.replication.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.replication.disk.DiskFile;
import io.pacraft.replication.disk.RealDisk;
import io.pacraft.replication.runtime.ThreadScheduler;
import io.pacraft.replication.sim.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments written full of zeros before they are used, so that a sync never changes a file's size. */
class PreallocatedSegmentTest {
  private static final long MIB = 1 << 20;
  private final SimDisk disk = new SimDisk();

  @TempDir Path tmp;

  private static List<LogEntry> kib(long from, long to) {
    List<LogEntry> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      byte[] payload = new byte[1000];
      ByteBuffer.wrap(payload).putLong(i).putLong(~i);
      out.add(new LogEntry(i, 1, LogEntry.NORMAL, payload));
    }
    return out;
  }

  private static List<String> segmentNames(List<String> files) {
    return files.stream().filter(n -> Segment.seqOf(n) >= 0).toList();
  }

  @Test
  void segmentsAfterTheFirstArePreallocatedDoublingUpToTheSegmentSizeAndSurviveACrash() throws IOException {
    LogStoreOptions options = LogStoreOptions.defaults().withSegmentBytes(4 * MIB).withCacheBytes(0);
    QueueScheduler scheduler = new QueueScheduler();
    SegmentedLogStore store = SegmentedLogStore.openDeterministic(disk, scheduler, options);
    assertThat(disk.content(SpareSegment.NAME)).as("the first spare is filled at open").hasSize((int) MIB).containsOnly(0);
    for (long i = 1; i <= 3500; i += 100) {
      store.append(kib(i, i + 99), null);
      scheduler.runAll();
    }
    List<String> segments = segmentNames(disk.list());
    assertThat(segments).hasSize(4);
    // the first grows as written and is left once the first spare is ready; then 1, 2, 4 MiB
    assertThat(disk.content(segments.get(0)).length).isLessThan(2000);
    assertThat(disk.content(segments.get(1))).hasSize((int) MIB);
    assertThat(disk.content(segments.get(2))).hasSize((int) (2 * MIB));
    byte[] active = disk.content(segments.get(3));
    assertThat(active).hasSize((int) (4 * MIB));
    assertThat(active[active.length - 1]).isZero();
    assertThat(disk.content(SpareSegment.NAME)).as("the next spare: capped at the segment size").hasSize((int) (4 * MIB));

    store.close();
    disk.crash();
    QueueScheduler again = new QueueScheduler();
    SegmentedLogStore back = SegmentedLogStore.openDeterministic(disk, again, options);
    assertThat(back.lastIndex()).isEqualTo(3500);
    assertThat(back.entries(1, 3501, Long.MAX_VALUE)).containsExactlyElementsOf(kib(1, 3500));
    assertThat(disk.content(segments.get(3))).as("the zeros after the last record are kept, not cut off").hasSize((int) (4 * MIB));
    back.append(kib(3501, 3600), null);
    again.runAll();
    assertThat(segmentNames(disk.list())).as("appends go on over the zeros").hasSize(4);
    back.close();
    try (SegmentedLogStore third = SegmentedLogStore.openDeterministic(disk, new QueueScheduler(), options)) {
      assertThat(third.entries(1, 3601, Long.MAX_VALUE)).containsExactlyElementsOf(kib(1, 3600));
    }
  }

  @Test
  void anIntactRecordBeyondTheZerosIsCorruptionAndOtherGarbageThereATornTail() throws IOException {
    LogStoreOptions options = LogStoreOptions.defaults().withSegmentBytes(64 << 10);
    QueueScheduler scheduler = new QueueScheduler();
    try (SegmentedLogStore store = SegmentedLogStore.openDeterministic(disk, scheduler, options)) {
      store.append(kib(1, 10), null);
      scheduler.runAll();
    }
    String last = segmentNames(disk.list()).get(segmentNames(disk.list()).size() - 1);
    byte[] content = disk.content(last);
    assertThat(content).hasSize(64 << 10);
    // a copy of entry 10's record (its payload starts with 10, ~10), far out in the zeros
    byte[] marker = ByteBuffer.allocate(16).putLong(10).putLong(~10L).array();
    int tenth = -1;
    for (int p = 0; p + marker.length <= content.length && tenth < 0; p++) {
      if (Arrays.equals(content, p, p + marker.length, marker, 0, marker.length)) {
        tenth = p - RecordFormat.HEADER - RecordFormat.ENTRY_FIXED;
      }
    }
    assertThat(tenth).isPositive();
    int recordLength = RecordFormat.HEADER + RecordFormat.ENTRY_FIXED + 1000;
    byte[] record = Arrays.copyOfRange(content, tenth, tenth + recordLength);
    try (DiskFile f = disk.open(last, false)) {
      f.write(40_000, ByteBuffer.wrap(record));
      f.sync();
    }
    assertThatThrownBy(() -> SegmentedLogStore.openDeterministic(disk, new QueueScheduler(), options))
        .isInstanceOf(LogCorruptedException.class)
        .hasMessageContaining(last)
        .hasMessageContaining("followed by intact records");

    try (DiskFile f = disk.open(last, false)) {
      f.write(40_000, ByteBuffer.wrap(new byte[recordLength])); // the copy gone, one stray byte left
      f.write(50_000, ByteBuffer.wrap(new byte[] {7}));
      f.sync();
    }
    try (SegmentedLogStore store = SegmentedLogStore.openDeterministic(disk, new QueueScheduler(), options)) {
      assertThat(store.entries(1, 11, Long.MAX_VALUE)).containsExactlyElementsOf(kib(1, 10));
    }
    assertThat(disk.content(last).length).as("cut off at the last record, as a torn tail").isLessThan(40_000);
  }

  @Test
  void aSpareLeftByACrashIsReplacedAndAFailedFillLeavesTheStoreWorking() throws IOException {
    try (DiskFile f = disk.open(SpareSegment.NAME, true)) {
      f.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3})); // half written when the process died
    }
    LogStoreOptions options = LogStoreOptions.defaults().withSegmentBytes(8192);
    QueueScheduler scheduler = new QueueScheduler();
    try (SegmentedLogStore store = SegmentedLogStore.openDeterministic(disk, scheduler, options)) {
      assertThat(disk.content(SpareSegment.NAME)).hasSize(8192).containsOnly(0);
    }
    disk.delete(SpareSegment.NAME);

    disk.failNextWrite(); // the spare's first write, at open
    try (SegmentedLogStore store = SegmentedLogStore.openDeterministic(disk, scheduler, options)) {
      assertThat(disk.content(SpareSegment.NAME).length).as("the failed spare is not used").isLessThan(8192);
      store.append(kib(1, 20), null);
      scheduler.runAll();
      assertThat(store.failure()).isNull();
      assertThat(store.entries(1, 21, Long.MAX_VALUE)).containsExactlyElementsOf(kib(1, 20));
      // the spare is tried again at the next roll
      assertThat(segmentNames(disk.list()).size()).isGreaterThan(1);
      assertThat(disk.content(SpareSegment.NAME)).containsOnly(0);
    }
  }

  @Test
  void aThreadedStoreOnARealDiskAppendsIntoPreallocatedFilesThatNeverGrow() throws Exception {
    LogStoreOptions options = LogStoreOptions.defaults().withSegmentBytes(MIB).withCacheBytes(0);
    ThreadScheduler scheduler = ThreadScheduler.start("prealloc-test");
    try {
      SegmentedLogStore store = SegmentedLogStore.openThreaded(new RealDisk(tmp), scheduler, options, "prealloc-writer");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      long next = 1;
      // append until the store has moved onto a preallocated segment and half filled it
      while (System.nanoTime() < deadline) {
        long from = next;
        ThreadedLogStoreTest.onScheduler(scheduler, () -> {
          CompletableFuture<Void> durable = new CompletableFuture<>();
          store.append(kib(from, from + 49), () -> durable.complete(null));
          return durable;
        }).get(30, TimeUnit.SECONDS);
        next += 50;
        List<String> segments = segmentNames(new RealDisk(tmp).list());
        if (segments.size() >= 2 && Files.size(tmp.resolve(segments.get(segments.size() - 1))) == MIB && next > 600) {
          break;
        }
      }
      List<String> segments = segmentNames(new RealDisk(tmp).list());
      assertThat(segments).hasSizeGreaterThanOrEqualTo(2);
      Path active = tmp.resolve(segments.get(segments.size() - 1));
      assertThat(Files.size(active)).isEqualTo(MIB);
      long last = next - 1;
      ThreadedLogStoreTest.onScheduler(scheduler, () -> {
        store.close();
        return null;
      });

      SegmentedLogStore back = SegmentedLogStore.openThreaded(new RealDisk(tmp), scheduler, options, "prealloc-writer");
      assertThat(ThreadedLogStoreTest.onScheduler(scheduler, back::lastIndex)).isEqualTo(last);
      assertThat(ThreadedLogStoreTest.onScheduler(scheduler, () -> back.entries(1, last + 1, Long.MAX_VALUE))).containsExactlyElementsOf(kib(1, last));
      assertThat(Files.size(active)).as("reopening keeps the preallocated rest").isEqualTo(MIB);
      ThreadedLogStoreTest.onScheduler(scheduler, () -> {
        back.close();
        return null;
      });
    } finally {
      scheduler.close();
    }
  }
}
