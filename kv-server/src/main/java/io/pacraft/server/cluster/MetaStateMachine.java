package io.pacraft.server.cluster;

import io.pacraft.replication.GroupConfiguration;
import io.pacraft.replication.GroupId;
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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The meta group's state machine: the cluster map, and the configuration manager of PacificA
 * shards (each such group's {@link GroupConfiguration}). Every change is a compare-and-set, on the
 * map's epoch or on the group configuration's version, so of two racing changes exactly one wins. It starts empty (epoch 0) on every replica; the
 * bootstrap map is the log's first change (CAS from epoch 0), so a replica that joins later and
 * replays the log computes exactly what the others did. State and applied index are written together
 * (a temp file, fsync, atomic rename) on every apply: meta changes are rare, and a compacted log
 * must never find older state on disk.
 */
public final class MetaStateMachine implements StateMachine {
  private static final byte SET_MAP = 1;
  private static final byte SET_CONFIG = 2;
  private static final byte[] MAGIC_V1 = "PCMETA1\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAGIC = "PCMETA2\n".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final CopyOnWriteArrayList<Consumer<ClusterMap>> listeners = new CopyOnWriteArrayList<>();
  private volatile ClusterMap map;
  /** Replaced, never changed in place: readers on other threads see a whole state. */
  private volatile Map<GroupId, Installed> configs = Map.of();

  /** A group's configuration and the id of the request that installed it. */
  private record Installed(GroupConfiguration config, long requestId) {}
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

  /**
   * The entry that replaces {@code group}'s configuration with {@code next} if its version is
   * {@code expectedVersion} (0: none yet); applying it yields the configuration current afterwards.
   */
  public static ByteBuffer setConfiguration(GroupId group, long expectedVersion, GroupConfiguration next, long requestId) {
    byte[] g = group.name().getBytes(StandardCharsets.UTF_8);
    byte[] c = next.encode();
    return ByteBuffer.allocate(1 + 8 + 8 + 4 + g.length + c.length)
        .put(SET_CONFIG).putLong(expectedVersion).putLong(requestId).putInt(g.length).put(g).put(c).flip();
  }

  /** {@code group}'s configuration as applied here. */
  public Optional<GroupConfiguration> configuration(GroupId group) {
    Installed i = configs.get(group);
    return Optional.ofNullable(i == null ? null : i.config());
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
      if (kind == SET_CONFIG) {
        result = applyConfiguration(entry);
      } else if (kind != SET_MAP) {
        throw new IllegalStateException("unknown meta entry kind " + kind);
      } else {
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
    }
    lastApplied = index;
    persist();
    completeWaiters();
    if (result instanceof Long) {
      for (Consumer<ClusterMap> l : listeners) {
        l.accept(map);
      }
    }
    return result;
  }

  private final java.util.PriorityQueue<Waiter> waiters = new java.util.PriorityQueue<>();

  private record Waiter(long index, java.util.concurrent.CompletableFuture<Void> done) implements Comparable<Waiter> {
    @Override
    public int compareTo(Waiter o) {
      return Long.compare(index, o.index);
    }
  }

  /** Completes once this replica has applied {@code index}. */
  public java.util.concurrent.CompletableFuture<Void> awaitApplied(long index) {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    synchronized (waiters) {
      if (lastApplied < index) {
        waiters.add(new Waiter(index, done));
        return done;
      }
    }
    done.complete(null);
    return done;
  }

  private void completeWaiters() {
    java.util.List<Waiter> ready = new java.util.ArrayList<>();
    synchronized (waiters) {
      while (!waiters.isEmpty() && waiters.peek().index() <= lastApplied) {
        ready.add(waiters.poll());
      }
    }
    for (Waiter w : ready) {
      w.done().complete(null);
    }
  }

  /**
   * Applies a SET_CONFIG entry: the outcome (the configuration current afterwards, and whether the
   * request installed it, now or in an earlier try with the same id), or null when the group has no
   * configuration and the entry did not expect version 0.
   */
  private io.pacraft.replication.ConfigurationStore.Outcome applyConfiguration(ByteBuffer entry) {
    long expected = entry.getLong();
    long requestId = entry.getLong();
    byte[] g = new byte[entry.getInt()];
    entry.get(g);
    GroupId group = GroupId.of(new String(g, StandardCharsets.UTF_8));
    GroupConfiguration next = GroupConfiguration.decode(entry);
    Installed current = configs.get(group);
    long version = current == null ? 0 : current.config().version();
    if (expected != version) {
      return current == null
          ? null
          : new io.pacraft.replication.ConfigurationStore.Outcome(current.config(), current.requestId() == requestId);
    }
    GroupConfiguration accepted = next.withVersion(version + 1);
    Map<GroupId, Installed> copy = new TreeMap<>(java.util.Comparator.comparing(GroupId::name));
    copy.putAll(configs);
    copy.put(group, new Installed(accepted, requestId));
    configs = java.util.Collections.unmodifiableMap(copy);
    return new io.pacraft.replication.ConfigurationStore.Outcome(accepted, true);
  }

  /** The result of a SET_MAP whose expected epoch was not the current one. */
  public record StaleEpoch(long current) {}

  @Override
  public long lastApplied() {
    return lastApplied;
  }

  private byte[] stateBytes() {
    byte[] m = map == null ? new byte[0] : map.toBytes();
    Map<GroupId, Installed> cs = configs;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    out.writeBytes(ByteBuffer.allocate(12).putLong(lastApplied).putInt(m.length).array());
    out.writeBytes(m);
    out.writeBytes(ByteBuffer.allocate(4).putInt(cs.size()).array());
    for (Map.Entry<GroupId, Installed> e : cs.entrySet()) {
      byte[] g = e.getKey().name().getBytes(StandardCharsets.UTF_8);
      byte[] c = e.getValue().config().encode();
      out.writeBytes(ByteBuffer.allocate(16).putInt(g.length).putInt(c.length).putLong(e.getValue().requestId()).array());
      out.writeBytes(g);
      out.writeBytes(c);
    }
    return out.toByteArray();
  }

  /** Reads state written by this version (PCMETA2) or by one without configurations (PCMETA1). */
  private void load(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] magic = new byte[MAGIC.length];
    b.get(magic);
    boolean v1 = java.util.Arrays.equals(magic, MAGIC_V1);
    if (!v1 && !java.util.Arrays.equals(magic, MAGIC)) {
      throw new IllegalStateException("not a meta state: " + file);
    }
    long applied = b.getLong();
    byte[] m = new byte[b.getInt()];
    b.get(m);
    Map<GroupId, Installed> cs = new TreeMap<>(java.util.Comparator.comparing(GroupId::name));
    if (!v1) {
      int n = b.getInt();
      for (int i = 0; i < n; i++) {
        byte[] g = new byte[b.getInt()];
        int clen = b.getInt();
        long requestId = b.getLong();
        b.get(g);
        ByteBuffer c = b.slice(b.position(), clen);
        b.position(b.position() + clen);
        cs.put(GroupId.of(new String(g, StandardCharsets.UTF_8)), new Installed(GroupConfiguration.decode(c), requestId));
      }
    }
    map = m.length == 0 ? null : ClusterMap.fromBytes(m);
    configs = java.util.Collections.unmodifiableMap(cs);
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
      completeWaiters();
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
