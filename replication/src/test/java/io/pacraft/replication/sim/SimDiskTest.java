package io.pacraft.replication.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.replication.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimDiskTest {
  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(SimDisk disk, String name) throws IOException {
    return new String(disk.content(name), StandardCharsets.UTF_8);
  }

  @Test
  void readsBackWritesAndZeroFillsGaps() throws IOException {
    SimDisk disk = new SimDisk();
    DiskFile f = disk.open("a", true);
    f.write(0, bytes("hello"));
    f.write(7, bytes("x"));
    assertThat(f.size()).isEqualTo(8);
    ByteBuffer dst = ByteBuffer.allocate(8);
    assertThat(f.read(0, dst)).isEqualTo(8);
    assertThat(dst.array()).containsExactly('h', 'e', 'l', 'l', 'o', 0, 0, 'x');
    assertThat(f.read(8, ByteBuffer.allocate(1))).isEqualTo(-1);
    f.truncate(2);
    assertThat(text(disk, "a")).isEqualTo("he");
    f.truncate(10);
    assertThat(f.size()).isEqualTo(2);
  }

  @Test
  void crashLosesUnsyncedWritesAndUnsyncedCreation() throws IOException {
    SimDisk disk = new SimDisk();
    DiskFile f = disk.open("a", true);
    f.write(0, bytes("synced"));
    f.sync();
    f.write(6, bytes("-lost"));
    disk.crash();
    // the file was synced but its directory entry was not
    assertThat(disk.exists("a")).isFalse();

    DiskFile g = disk.open("b", true);
    disk.syncDirectory();
    g.write(0, bytes("synced"));
    g.sync();
    g.write(6, bytes("-lost"));
    disk.crash();
    assertThat(text(disk, "b")).isEqualTo("synced");
  }

  @Test
  void handlesFromBeforeACrashFail() throws IOException {
    SimDisk disk = new SimDisk();
    DiskFile f = disk.open("a", true);
    disk.syncDirectory();
    disk.crash();
    assertThatThrownBy(() -> f.write(0, bytes("x"))).isInstanceOf(IOException.class);
    assertThatThrownBy(f::sync).isInstanceOf(IOException.class);
    assertThat(disk.open("a", false).size()).isZero();
  }

  @Test
  void crashKeepsAPrefixOfUnsyncedWritesPossiblyTornAndAllVariantsOccur() throws IOException {
    Set<String> outcomes = new HashSet<>();
    for (int seed = 0; seed < 300; seed++) {
      SimDisk disk = new SimDisk();
      DiskFile f = disk.open("a", true);
      disk.syncDirectory();
      f.write(0, bytes("AAAA"));
      f.sync();
      f.write(4, bytes("BBBB"));
      f.write(8, bytes("CCCC"));
      disk.crash(new Random(new SplittableRandom(seed).nextLong()));
      String s = text(disk, "a");
      assertThat("AAAABBBBCCCC").startsWith(s);
      assertThat(s).startsWith("AAAA");
      outcomes.add(s);
    }
    // nothing kept, a torn B, all of B, a torn C, everything
    assertThat(outcomes).contains("AAAA", "AAAABBBB", "AAAABBBBCCCC");
    assertThat(outcomes).anyMatch(s -> s.length() > 4 && s.length() < 8);
    assertThat(outcomes).anyMatch(s -> s.length() > 8 && s.length() < 12);
  }

  @Test
  void crashIsDeterministicForASeed() throws IOException {
    String[] results = new String[2];
    for (int run = 0; run < 2; run++) {
      SimDisk disk = new SimDisk();
      DiskFile f = disk.open("a", true);
      disk.syncDirectory();
      for (int i = 0; i < 20; i++) {
        f.write(i * 3L, bytes("x" + (i % 10) + "y"));
      }
      disk.crash(new Random(42));
      results[run] = text(disk, "a");
    }
    assertThat(results[0]).isEqualTo(results[1]);
  }

  @Test
  void directoryOperationsSurviveAsAPrefix() throws IOException {
    Set<String> outcomes = new HashSet<>();
    for (int seed = 0; seed < 200; seed++) {
      SimDisk disk = new SimDisk();
      disk.open("a", true).close();
      disk.syncDirectory();
      disk.open("b", true).close(); // op 1
      disk.rename("a", "c"); // op 2
      disk.delete("b"); // op 3
      disk.crash(new Random(new SplittableRandom(seed).nextLong()));
      outcomes.add(String.join(",", disk.list()));
    }
    assertThat(outcomes).containsExactlyInAnyOrder("a", "a,b", "b,c", "c");
  }

  @Test
  void renameReplacesAtomicallyAndIsDurableAfterDirectorySync() throws IOException {
    SimDisk disk = new SimDisk();
    DiskFile old = disk.open("state", true);
    old.write(0, bytes("old"));
    old.sync();
    disk.syncDirectory();
    DiskFile tmp = disk.open("state.tmp", true);
    tmp.write(0, bytes("new"));
    tmp.sync();
    disk.rename("state.tmp", "state");
    assertThat(text(disk, "state")).isEqualTo("new");
    assertThat(disk.list()).containsExactly("state");
    disk.syncDirectory();
    disk.crash(new Random(1));
    assertThat(text(disk, "state")).isEqualTo("new");
    assertThat(disk.list()).containsExactly("state");
  }

  @Test
  void injectedFailuresHitOnceAndChangeNothing() throws IOException {
    SimDisk disk = new SimDisk();
    DiskFile f = disk.open("a", true);
    disk.failNextWrite();
    assertThatThrownBy(() -> f.write(0, bytes("x"))).isInstanceOf(IOException.class);
    assertThat(f.size()).isZero();
    f.write(0, bytes("y"));
    disk.failNextSync();
    assertThatThrownBy(f::sync).isInstanceOf(IOException.class);
    disk.failNextSyncDirectory();
    assertThatThrownBy(disk::syncDirectory).isInstanceOf(IOException.class);
    disk.crash();
    assertThat(disk.list()).isEmpty();
  }

  @Test
  void copyIsIndependentAndCountsOperations() throws IOException {
    SimDisk disk = new SimDisk();
    int[] seen = new int[1];
    disk.onOperation(() -> seen[0]++);
    DiskFile f = disk.open("a", true);
    f.write(0, bytes("abc"));
    SimDisk fork = disk.copy();
    f.write(3, bytes("def"));
    assertThat(text(fork, "a")).isEqualTo("abc");
    assertThat(text(disk, "a")).isEqualTo("abcdef");
    assertThat(disk.operations()).isEqualTo(3);
    assertThat(seen[0]).isEqualTo(3);
    fork.crash();
    assertThat(fork.list()).isEmpty();
    assertThat(disk.list()).containsExactly("a");
  }

  @Test
  void rejectsPathsAndMissingFiles() {
    SimDisk disk = new SimDisk();
    assertThatThrownBy(() -> disk.open("../x", true)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> disk.open("x", false)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> disk.delete("x")).isInstanceOf(NoSuchFileException.class);
  }
}
