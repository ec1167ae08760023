package io.pacraft.replication.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.replication.disk.DiskFile;
import io.pacraft.replication.disk.RealDisk;
import io.pacraft.replication.sim.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damage a crash explains is repaired on open; damage it cannot explain makes open fail. */
class LogCorruptionTest {
  private static final String FIRST = "log-00000000000000000001.seg";
  /** These tests damage known offsets of the first segments: segments that grow as written. */
  private static final LogStoreOptions GROWING = LogStoreOptions.defaults().withPreallocate(false);
  private static final int ENTRY_OVERHEAD = RecordFormat.HEADER + RecordFormat.ENTRY_FIXED;

  @TempDir Path tmp;

  private final SimDisk disk = new SimDisk();

  private void write(LogStoreOptions options, int count) throws IOException {
    QueueScheduler scheduler = new QueueScheduler();
    try (SegmentedLogStore store = SegmentedLogStore.openDeterministic(disk, scheduler, options)) {
      store.append(SegmentedLogStoreTest.entries(1, count, 1), null);
      scheduler.runAll();
    }
  }

  private SegmentedLogStore reopen(LogStoreOptions options) throws IOException {
    return SegmentedLogStore.openDeterministic(disk, new QueueScheduler(), options);
  }

  /** Offset of the record holding entry {@code index} (payloads are "e{index}t1"). */
  private long offsetOf(String file, long index) throws IOException {
    String content = new String(disk.content(file), StandardCharsets.ISO_8859_1);
    int at = content.indexOf("e" + index + "t1");
    assertThat(at).isPositive();
    return at - ENTRY_OVERHEAD;
  }

  private void flipByte(String file, long offset) throws IOException {
    byte[] content = disk.content(file);
    try (DiskFile f = disk.open(file, false)) {
      f.write(offset, ByteBuffer.wrap(new byte[] {(byte) ~content[(int) offset]}));
      f.sync();
    }
  }

  @Test
  void aBadRecordFollowedByGoodOnesIsRefusedNamingFileAndOffset() throws IOException {
    write(GROWING, 10);
    long offset = offsetOf(FIRST, 3);
    flipByte(FIRST, offset + ENTRY_OVERHEAD + 1);
    assertThatThrownBy(() -> reopen(GROWING))
        .isInstanceOfSatisfying(
            LogCorruptedException.class,
            e -> {
              assertThat(e.file()).isEqualTo(FIRST);
              assertThat(e.offset()).isEqualTo(offset);
              assertThat(e.getMessage()).contains(FIRST, "offset " + offset, "followed by intact records");
            });
  }

  @Test
  void aBadRecordInASegmentThatIsNotTheLastIsRefused() throws IOException {
    LogStoreOptions small = GROWING.withSegmentBytes(200);
    write(small, 30);
    assertThat(disk.list().size()).isGreaterThan(2);
    long offset = offsetOf(FIRST, 2);
    // damage the LAST record of the first segment: only the segment boundary follows it
    String content = new String(disk.content(FIRST), StandardCharsets.ISO_8859_1);
    long lastOffset = offset;
    for (long i = 2; content.contains("e" + i + "t1"); i++) {
      lastOffset = offsetOf(FIRST, i);
    }
    flipByte(FIRST, lastOffset + ENTRY_OVERHEAD);
    assertThatThrownBy(() -> reopen(small))
        .isInstanceOf(LogCorruptedException.class)
        .hasMessageContaining(FIRST)
        .hasMessageContaining("not the last");
  }

  @Test
  void aTornTailIsCutOffAndTheLogContinues() throws IOException {
    write(GROWING, 10);
    long size = disk.content(FIRST).length;
    long tenth = offsetOf(FIRST, 10);
    try (DiskFile f = disk.open(FIRST, false)) {
      f.truncate(size - 3);
      f.sync();
    }
    try (SegmentedLogStore store = reopen(GROWING)) {
      assertThat(store.lastIndex()).isEqualTo(9);
      assertThat(disk.content(FIRST).length).isEqualTo(tenth);
    }
  }

  @Test
  void zeroesAfterTheLastRecordAreATornTail() throws IOException {
    write(GROWING, 5);
    long size = disk.content(FIRST).length;
    try (DiskFile f = disk.open(FIRST, false)) {
      f.write(size, ByteBuffer.allocate(4096));
      f.sync();
    }
    try (SegmentedLogStore store = reopen(GROWING)) {
      assertThat(store.lastIndex()).isEqualTo(5);
      assertThat(store.entry(5)).isEqualTo(SegmentedLogStoreTest.entry(5, 1, "e5t1"));
    }
  }

  @Test
  void aMissingSegmentIsRefused() throws IOException {
    LogStoreOptions small = GROWING.withSegmentBytes(200);
    write(small, 30);
    List<String> files = disk.list();
    assertThat(files.size()).isGreaterThan(3);
    disk.delete(files.get(1));
    assertThatThrownBy(() -> reopen(small))
        .isInstanceOf(LogCorruptedException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void refusesDamageOnARealDiskToo() throws IOException {
    RealDisk real = new RealDisk(tmp);
    QueueScheduler scheduler = new QueueScheduler();
    try (SegmentedLogStore store = SegmentedLogStore.openDeterministic(real, scheduler, GROWING)) {
      store.append(SegmentedLogStoreTest.entries(1, 10, 1), null);
      scheduler.runAll();
    }
    Path file = tmp.resolve(FIRST);
    byte[] content = Files.readAllBytes(file);
    int at = new String(content, StandardCharsets.ISO_8859_1).indexOf("e4t1");
    content[at] ^= 0x40;
    Files.write(file, content);
    assertThatThrownBy(() -> SegmentedLogStore.openDeterministic(real, new QueueScheduler(), GROWING))
        .isInstanceOf(LogCorruptedException.class)
        .hasMessageContaining(FIRST);
  }
}
