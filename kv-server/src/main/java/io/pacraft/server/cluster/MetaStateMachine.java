package io.pacraft.server.cluster;

import io.pacraft.replication.Snapshot;
import io.pacraft.replication.StateMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The meta group's state machine: the cluster map. Every change is a compare-and-set on the map's
 * epoch, so of two racing changes exactly one wins. It starts empty (epoch 0) on every replica; the
 * bootstrap map is the log's first change (CAS from epoch 0), so a replica that joins later and
 * replays the log computes exactly what the others did. State and applied index are written together
 * (a temp file, fsync, atomic rename) on every apply: meta changes are rare, and a compacted log
 * must never find older state on disk.
 */
public final class MetaStateMachine implements StateMachine {
  private static final byte SET_MAP = 1;
  private static final byte[] MAGIC = "PCMETA1\n".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final CopyOnWriteArrayList<Consumer<ClusterMap>> listeners = new CopyOnWriteArrayList<>();
  private volatile ClusterMap map;
  private volatile long lastApplied;

  /** Opens the state in {@code dir} (empty the first time). */
  public MetaStateMachine(Path dir) throws IOException {
    Files.createDirectories(dir);
    this.file = dir.resolve("meta-state");
    if (Files.exists(file)) {
      load(Files.readAllBytes(file));
    } else {
      map = null;
      lastApplied = 0;
      persist();
    }
  }

  /** The current epoch; 0 while no map has been set. */
  public long epoch() {
    ClusterMap m = map;
    return m == null ? 0 : m.epoch();
  }

  /** The entry that replaces the map with {@code next} if the current epoch is {@code expectedEpoch}. */
  public static ByteBuffer setMap(long expectedEpoch, ClusterMap next) {
    byte[] m = next.toBytes();
    return ByteBuffer.allocate(1 + 8 + m.length).put(SET_MAP).putLong(expectedEpoch).put(m).flip();
  }

  /** The map, or null before the bootstrap map is applied. */
  public ClusterMap map() {
    return map;
  }

  /** Called (on the apply thread) with every new map. */
  public void onChange(Consumer<ClusterMap> listener) {
    listeners.add(listener);
  }

  @Override
  public Object apply(long index, ByteBuffer entry) {
    Object result = null;
    if (entry.hasRemaining()) {
      byte kind = entry.get();
      if (kind != SET_MAP) {
        throw new IllegalStateException("unknown meta entry kind " + kind);
      }
      long expected = entry.getLong();
      byte[] m = new byte[entry.remaining()];
      entry.get(m);
      if (expected != epoch()) {
        result = new StaleEpoch(epoch());
      } else {
        map = ClusterMap.fromBytes(m).withEpoch(expected + 1);
        result = map.epoch();
      }
    }
    lastApplied = index;
    persist();
    if (result instanceof Long) {
      for (Consumer<ClusterMap> l : listeners) {
        l.accept(map);
      }
    }
    return result;
  }

  /** The result of a SET_MAP whose expected epoch was not the current one. */
  public record StaleEpoch(long current) {}

  @Override
  public long lastApplied() {
    return lastApplied;
  }

  private byte[] stateBytes() {
    byte[] m = map == null ? new byte[0] : map.toBytes();
    return ByteBuffer.allocate(MAGIC.length + 8 + 4 + m.length).put(MAGIC).putLong(lastApplied).putInt(m.length).put(m).array();
  }

  private void load(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] magic = new byte[MAGIC.length];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new IllegalStateException("not a meta state: " + file);
    }
    long applied = b.getLong();
    byte[] m = new byte[b.getInt()];
    b.get(m);
    map = m.length == 0 ? null : ClusterMap.fromBytes(m);
    lastApplied = applied;
  }

  private void persist() {
    try {
      Path tmp = file.resolveSibling("meta-state.tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(stateBytes());
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel d = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        d.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot persist the meta state: " + e.getMessage(), e);
    }
  }

  @Override
  public Snapshot snapshot() {
    return Snapshot.ofBytes(lastApplied, stateBytes());
  }

  @Override
  public void restore(Snapshot snapshot) {
    try {
      byte[] bytes = new byte[(int) snapshot.size()];
      ByteBuffer dst = ByteBuffer.wrap(bytes);
      long pos = 0;
      while (dst.hasRemaining()) {
        int n = snapshot.read(pos, dst);
        if (n <= 0) {
          throw new IOException("snapshot ended early");
        }
        pos += n;
      }
      load(bytes);
      persist();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (map != null) {
      for (Consumer<ClusterMap> l : listeners) {
        l.accept(map);
      }
    }
  }
}
