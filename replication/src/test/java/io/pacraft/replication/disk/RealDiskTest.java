package io.pacraft.replication.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealDiskTest {
  @TempDir Path tmp;

  @Test
  void writesReadsSyncsAndTruncates() throws IOException {
    RealDisk disk = new RealDisk(tmp.resolve("d"));
    try (DiskFile f = disk.open("a", true)) {
      f.write(0, ByteBuffer.wrap("hello world".getBytes(StandardCharsets.UTF_8)));
      f.sync();
      ByteBuffer dst = ByteBuffer.allocate(5);
      assertThat(f.read(6, dst)).isEqualTo(5);
      assertThat(new String(dst.array(), StandardCharsets.UTF_8)).isEqualTo("world");
      f.truncate(5);
      assertThat(f.size()).isEqualTo(5);
      assertThat(f.read(5, ByteBuffer.allocate(1))).isEqualTo(-1);
    }
    disk.syncDirectory();
    assertThat(Files.readString(tmp.resolve("d/a"))).isEqualTo("hello");
  }

  @Test
  void listsSortedRenamesOverAndDeletes() throws IOException {
    RealDisk disk = new RealDisk(tmp);
    disk.open("b", true).close();
    disk.open("a", true).close();
    Files.createDirectory(tmp.resolve("subdir"));
    assertThat(disk.list()).containsExactly("a", "b");
    try (DiskFile f = disk.open("a", false)) {
      f.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }
    disk.rename("a", "b");
    disk.syncDirectory();
    assertThat(disk.list()).containsExactly("b");
    assertThat(Files.size(tmp.resolve("b"))).isEqualTo(3);
    disk.delete("b");
    assertThat(disk.exists("b")).isFalse();
    assertThatThrownBy(() -> disk.open("b", false)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> disk.open("x/y", true)).isInstanceOf(IllegalArgumentException.class);
  }
}
