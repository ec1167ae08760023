package io.pacraft.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SnapshotTest {
  @Test
  void anInMemoryImageReadsInChunksFromAnyOffsetAndWhole() throws Exception {
    byte[] bytes = new byte[1000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 7);
    }
    try (Snapshot s = Snapshot.ofBytes(42, bytes)) {
      assertThat(s.lastIndex()).isEqualTo(42);
      assertThat(s.size()).isEqualTo(1000);
      ByteBuffer chunk = ByteBuffer.allocate(300);
      assertThat(s.read(900, chunk)).isEqualTo(100);
      assertThat(chunk.get(0)).isEqualTo(bytes[900]);
      assertThat(s.read(1000, ByteBuffer.allocate(10))).isEqualTo(-1);
      ByteBuffer all = Snapshot.readAll(s);
      assertThat(all.remaining()).isEqualTo(1000);
      byte[] copy = new byte[1000];
      all.get(copy);
      assertThat(copy).isEqualTo(bytes);
    }
  }
}
