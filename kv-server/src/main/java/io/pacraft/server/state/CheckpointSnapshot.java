package io.pacraft.server.state;

import io.pacraft.replication.Snapshot;
import io.pacraft.server.storage.RocksStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.Checkpoint;
import org.rocksdb.RocksDBException;

/**
 * A RocksDB checkpoint (hard links to the SST files after a flush) presented as one byte stream:
 *
 * <pre>
 * "PACSNAP1" [index:8] [files:4] ([name length:2][name][size:8])*  then every file's bytes in order
 * </pre>
 *
 * Reading at any offset lets a protocol stream it in chunks and resume after a failure.
 */
public final class CheckpointSnapshot implements Snapshot {
  private static final byte[] MAGIC = "PACSNAP1".getBytes(StandardCharsets.US_ASCII);

  private final Path dir;
  private final long index;
  private final byte[] header;
  private final List<Path> files;
  private final long[] starts;
  private final long size;

  private CheckpointSnapshot(Path dir, long index) throws IOException {
    this.dir = dir;
    this.index = index;
    try (Stream<Path> s = Files.list(dir)) {
      files = new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
    }
    int headerLen = MAGIC.length + 8 + 4;
    for (Path f : files) {
      headerLen += 2 + f.getFileName().toString().getBytes(StandardCharsets.UTF_8).length + 8;
    }
    ByteBuffer h = ByteBuffer.allocate(headerLen);
    h.put(MAGIC).putLong(index).putInt(files.size());
    starts = new long[files.size() + 1];
    long pos = headerLen;
    for (int i = 0; i < files.size(); i++) {
      byte[] name = files.get(i).getFileName().toString().getBytes(StandardCharsets.UTF_8);
      long len = Files.size(files.get(i));
      h.putShort((short) name.length).put(name).putLong(len);
      starts[i] = pos;
      pos += len;
    }
    starts[files.size()] = pos;
    header = h.array();
    size = pos;
  }

  /** Checkpoints {@code store} (state as of {@code index}) into a new directory under {@code parent}. */
  static CheckpointSnapshot create(RocksStore store, Path parent, long index) throws IOException, RocksDBException {
    Path dir = parent.resolve("snap-" + index + "-" + System.nanoTime());
    try (Checkpoint cp = Checkpoint.create(store.db())) {
      cp.createCheckpoint(dir.toString());
    }
    return new CheckpointSnapshot(dir, index);
  }

  @Override
  public long lastIndex() {
    return index;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long offset, ByteBuffer dst) throws IOException {
    if (offset >= size) {
      return -1;
    }
    int start = dst.position();
    while (dst.hasRemaining() && offset < size) {
      if (offset < header.length) {
        int n = (int) Math.min(dst.remaining(), header.length - offset);
        dst.put(header, (int) offset, n);
        offset += n;
        continue;
      }
      int i = fileAt(offset);
      try (FileChannel ch = FileChannel.open(files.get(i), StandardOpenOption.READ)) {
        long within = offset - starts[i];
        long left = starts[i + 1] - offset;
        ByteBuffer slice = dst.slice();
        if (slice.remaining() > left) {
          slice.limit((int) left);
        }
        int n = ch.read(slice, within);
        if (n <= 0) {
          throw new IOException("snapshot file " + files.get(i) + " shrank while streaming");
        }
        dst.position(dst.position() + n);
        offset += n;
      }
    }
    return dst.position() - start;
  }

  private int fileAt(long offset) {
    int lo = 0;
    int hi = files.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  @Override
  public void close() {
    try {
      deleteTree(dir);
    } catch (IOException e) {
      // a leftover checkpoint only costs disk; the next start removes stale ones
    }
  }

  /** Writes the files of {@code snapshot}'s stream into {@code target} (replaced if present). */
  static void unpack(Snapshot snapshot, Path target) throws IOException {
    deleteTree(target);
    Files.createDirectories(target);
    ByteBuffer fixed = ByteBuffer.allocate(MAGIC.length + 12);
    long pos = readFully(snapshot, 0, fixed);
    fixed.flip();
    byte[] magic = new byte[MAGIC.length];
    fixed.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a pacraft snapshot stream");
    }
    fixed.getLong();
    int count = fixed.getInt();
    List<String> names = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ByteBuffer len = ByteBuffer.allocate(2);
      pos = readFully(snapshot, pos, len);
      byte[] name = new byte[len.flip().getShort()];
      ByteBuffer nb = ByteBuffer.wrap(name);
      pos = readFully(snapshot, pos, nb);
      ByteBuffer sz = ByteBuffer.allocate(8);
      pos = readFully(snapshot, pos, sz);
      String n = new String(name, StandardCharsets.UTF_8);
      if (n.contains("/") || n.contains("..")) {
        throw new IOException("bad file name in snapshot: " + n);
      }
      names.add(n);
      sizes.add(sz.flip().getLong());
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    for (int i = 0; i < count; i++) {
      try (OutputStream out = Files.newOutputStream(target.resolve(names.get(i)))) {
        long left = sizes.get(i);
        while (left > 0) {
          buf.clear();
          if (buf.remaining() > left) {
            buf.limit((int) left);
          }
          int n = snapshot.read(pos, buf);
          if (n <= 0) {
            throw new IOException("snapshot stream ended early");
          }
          out.write(buf.array(), 0, n);
          pos += n;
          left -= n;
        }
      }
    }
    try (FileChannel d = FileChannel.open(target, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private static long readFully(Snapshot s, long pos, ByteBuffer dst) throws IOException {
    while (dst.hasRemaining()) {
      int n = s.read(pos, dst);
      if (n <= 0) {
        throw new IOException("snapshot stream ended early");
      }
      pos += n;
    }
    return pos;
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }
}
