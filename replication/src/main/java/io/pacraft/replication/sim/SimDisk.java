package io.pacraft.replication.sim;

import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.disk.DiskFile;
import io.pacraft.replication.disk.FileNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * An in-memory {@link Disk} for the deterministic simulator, which loses what was not synced when
 * it {@linkplain #crash(Random) crashes}.
 *
 * <p>The model, roughly Linux ext4 with {@code data=ordered}:
 *
 * <ul>
 *   <li>Each file keeps its <em>durable</em> content (as of its last {@link DiskFile#sync()}) apart
 *       from the writes and truncations made since, in issue order. A sync makes all of that file's
 *       content durable, not its name.
 *   <li>Directory operations (create, rename, delete) are kept in issue order and are durable only
 *       after {@link #syncDirectory()}; before that, a crash keeps a prefix of them (the journal
 *       commits metadata in order). A file whose creation is lost disappears with its content, even
 *       if that content was synced; a lost delete or rename brings the old name back.
 *   <li>On a crash each file independently keeps its durable content plus a random prefix of its
 *       unsynced operations, and the first operation not kept may be torn: a random prefix of its
 *       bytes reaches the file. Nothing else changes: no bit flips, no reordering within a file.
 * </ul>
 *
 * <p>Every random choice comes from the {@link Random} given to {@link #crash(Random)}, and files
 * are visited in a fixed order, so a crash is reproducible from its seed. Handles opened before a
 * crash fail with {@link IOException} afterwards, as the process that held them is gone.
 *
 * <p>For tests: {@link #failNextWrite()}, {@link #failNextSync()} and {@link
 * #failNextSyncDirectory()} inject one I/O error each; {@link #onOperation(Runnable)} observes every
 * mutating operation (to crash "at every write point"); {@link #copy()} forks the whole state.
 *
 * <p>Not thread-safe: the simulator uses it from its one thread.
 */
public final class SimDisk implements Disk {
  private static final byte[] EMPTY = new byte[0];

  private TreeMap<String, Inode> names = new TreeMap<>();
  private TreeMap<String, Inode> durableNames = new TreeMap<>();
  private ArrayList<DirOp> unsyncedDirOps = new ArrayList<>();
  private long nextInode = 1;
  private int epoch;
  private int failWrites;
  private int failSyncs;
  private int failDirectorySyncs;
  private long operations;
  private Runnable operationListener;

  public SimDisk() {}

  @Override
  public DiskFile open(String name, boolean create) throws IOException {
    FileNames.check(name);
    Inode inode = names.get(name);
    if (inode == null) {
      if (!create) {
        throw new NoSuchFileException(name);
      }
      inode = new Inode(nextInode++);
      names.put(name, inode);
      unsyncedDirOps.add(new DirOp(DirOp.CREATE, name, null, inode));
      operationDone();
    }
    return new SimFile(inode, epoch, name);
  }

  @Override
  public boolean exists(String name) {
    return names.containsKey(FileNames.check(name));
  }

  @Override
  public List<String> list() {
    return new ArrayList<>(names.keySet());
  }

  @Override
  public void delete(String name) throws IOException {
    if (names.remove(FileNames.check(name)) == null) {
      throw new NoSuchFileException(name);
    }
    unsyncedDirOps.add(new DirOp(DirOp.DELETE, name, null, null));
    operationDone();
  }

  @Override
  public void rename(String from, String to) throws IOException {
    FileNames.check(to);
    Inode inode = names.get(FileNames.check(from));
    if (inode == null) {
      throw new NoSuchFileException(from);
    }
    if (from.equals(to)) {
      return;
    }
    names.remove(from);
    names.put(to, inode);
    unsyncedDirOps.add(new DirOp(DirOp.RENAME, from, to, inode));
    operationDone();
  }

  @Override
  public void syncDirectory() throws IOException {
    if (failDirectorySyncs > 0) {
      failDirectorySyncs--;
      throw new IOException("injected directory sync failure");
    }
    durableNames = new TreeMap<>(names);
    unsyncedDirOps.clear();
    operationDone();
  }

  /**
   * Simulates power loss: every file reverts to its durable content plus a random prefix of its
   * unsynced writes (the next one possibly torn), and the directory to its durable state plus a
   * random prefix of the unsynced directory operations. Open handles become unusable.
   */
  public void crash(Random random) {
    int keptDirOps = random.nextInt(unsyncedDirOps.size() + 1);
    TreeMap<String, Inode> recovered = new TreeMap<>(durableNames);
    for (int i = 0; i < keptDirOps; i++) {
      unsyncedDirOps.get(i).applyTo(recovered);
    }
    for (Inode inode : inodesInOrder()) {
      inode.crash(random);
    }
    names = recovered;
    durableNames = new TreeMap<>(recovered);
    unsyncedDirOps = new ArrayList<>();
    epoch++;
  }

  /** Simulates power loss that keeps nothing unsynced: files and directory revert to their durable state. */
  public void crash() {
    for (Inode inode : inodesInOrder()) {
      inode.revert();
    }
    names = new TreeMap<>(durableNames);
    unsyncedDirOps = new ArrayList<>();
    epoch++;
  }

  /** An independent copy of the whole state, synced and unsynced; handles are not carried over. */
  public SimDisk copy() {
    SimDisk c = new SimDisk();
    Map<Inode, Inode> copies = new IdentityHashMap<>();
    for (Inode inode : inodesInOrder()) {
      copies.put(inode, inode.copy());
    }
    names.forEach((n, i) -> c.names.put(n, copies.get(i)));
    durableNames.forEach((n, i) -> c.durableNames.put(n, copies.get(i)));
    for (DirOp op : unsyncedDirOps) {
      c.unsyncedDirOps.add(new DirOp(op.kind, op.name, op.newName, op.inode == null ? null : copies.get(op.inode)));
    }
    c.nextInode = nextInode;
    return c;
  }

  /** The next file write fails with an {@link IOException} and changes nothing. */
  public void failNextWrite() {
    failWrites++;
  }

  /** The next file sync fails with an {@link IOException} and makes nothing durable. */
  public void failNextSync() {
    failSyncs++;
  }

  /** The next {@link #syncDirectory()} fails with an {@link IOException} and makes nothing durable. */
  public void failNextSyncDirectory() {
    failDirectorySyncs++;
  }

  /** Runs {@code listener} after every mutating operation (write, truncate, sync, directory change). */
  public void onOperation(Runnable listener) {
    this.operationListener = listener;
  }

  /** Mutating operations performed so far. */
  public long operations() {
    return operations;
  }

  /** Bytes of {@code name} as a reader sees them now (tests and diagnostics). */
  public byte[] content(String name) throws IOException {
    Inode inode = names.get(FileNames.check(name));
    if (inode == null) {
      throw new NoSuchFileException(name);
    }
    return Arrays.copyOf(inode.current, inode.currentSize);
  }

  private void operationDone() {
    operations++;
    if (operationListener != null) {
      operationListener.run();
    }
  }

  /** Every inode reachable now or durably, or referenced by a pending directory operation, by number. */
  private List<Inode> inodesInOrder() {
    TreeMap<Long, Inode> all = new TreeMap<>();
    names.values().forEach(i -> all.put(i.number, i));
    durableNames.values().forEach(i -> all.put(i.number, i));
    for (DirOp op : unsyncedDirOps) {
      if (op.inode != null) {
        all.put(op.inode.number, op.inode);
      }
    }
    return new ArrayList<>(all.values());
  }

  private static final class DirOp {
    static final int CREATE = 0;
    static final int DELETE = 1;
    static final int RENAME = 2;
    final int kind;
    final String name;
    final String newName;
    final Inode inode;

    DirOp(int kind, String name, String newName, Inode inode) {
      this.kind = kind;
      this.name = name;
      this.newName = newName;
      this.inode = inode;
    }

    void applyTo(Map<String, Inode> dir) {
      switch (kind) {
        case CREATE -> dir.put(name, inode);
        case DELETE -> dir.remove(name);
        default -> {
          dir.remove(name);
          dir.put(newName, inode);
        }
      }
    }
  }

  /** A pending change to one file's content: a write of {@code bytes} at {@code position}, or a truncation. */
  private record FileOp(long position, byte[] bytes, boolean truncate) {}

  private static final class Inode {
    final long number;
    byte[] current = EMPTY;
    int currentSize;
    byte[] durable = EMPTY;
    int durableSize;
    ArrayList<FileOp> unsynced = new ArrayList<>();

    Inode(long number) {
      this.number = number;
    }

    Inode copy() {
      Inode c = new Inode(number);
      c.current = Arrays.copyOf(current, currentSize);
      c.currentSize = currentSize;
      c.durable = Arrays.copyOf(durable, durableSize);
      c.durableSize = durableSize;
      c.unsynced = new ArrayList<>(unsynced);
      return c;
    }

    void write(long position, ByteBuffer src) {
      byte[] bytes = new byte[src.remaining()];
      src.get(bytes);
      unsynced.add(new FileOp(position, bytes, false));
      long end = position + bytes.length;
      if (end > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("simulated files are limited to 2 GiB");
      }
      current = ensure(current, currentSize, (int) end);
      System.arraycopy(bytes, 0, current, (int) position, bytes.length);
      currentSize = Math.max(currentSize, (int) end);
    }

    void truncate(long size) {
      if (size >= currentSize) {
        return;
      }
      unsynced.add(new FileOp(size, null, true));
      Arrays.fill(current, (int) size, currentSize, (byte) 0);
      currentSize = (int) size;
    }

    void sync() {
      for (FileOp op : unsynced) {
        applyToDurable(op, op.truncate ? 0 : op.bytes.length);
      }
      unsynced.clear();
    }

    void crash(Random random) {
      int n = unsynced.size();
      if (n == 0) {
        return;
      }
      int kept = random.nextInt(n + 1);
      for (int i = 0; i < kept; i++) {
        FileOp op = unsynced.get(i);
        applyToDurable(op, op.truncate ? 0 : op.bytes.length);
      }
      if (kept < n && random.nextBoolean()) {
        FileOp torn = unsynced.get(kept);
        if (!torn.truncate && torn.bytes.length > 1) {
          applyToDurable(torn, 1 + random.nextInt(torn.bytes.length - 1));
        }
      }
      revert();
    }

    void revert() {
      unsynced = new ArrayList<>();
      current = Arrays.copyOf(durable, durableSize);
      currentSize = durableSize;
    }

    private void applyToDurable(FileOp op, int length) {
      if (op.truncate) {
        if (op.position < durableSize) {
          Arrays.fill(durable, (int) op.position, durableSize, (byte) 0);
          durableSize = (int) op.position;
        }
        return;
      }
      int end = (int) op.position + length;
      durable = ensure(durable, durableSize, end);
      System.arraycopy(op.bytes, 0, durable, (int) op.position, length);
      durableSize = Math.max(durableSize, end);
    }

    private static byte[] ensure(byte[] array, int size, int needed) {
      if (needed <= array.length) {
        return array;
      }
      int length = (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8, Math.max(64, array.length * 2L)));
      byte[] grown = Arrays.copyOf(array, length);
      Arrays.fill(grown, size, grown.length, (byte) 0);
      return grown;
    }
  }

  private final class SimFile implements DiskFile {
    private final Inode inode;
    private final int openedIn;
    private final String name;
    private boolean closed;

    SimFile(Inode inode, int openedIn, String name) {
      this.inode = inode;
      this.openedIn = openedIn;
      this.name = name;
    }

    private void check() throws IOException {
      if (closed) {
        throw new IOException(name + ": closed");
      }
      if (openedIn != epoch) {
        throw new IOException(name + ": handle from before a simulated crash");
      }
    }

    @Override
    public long size() throws IOException {
      check();
      return inode.currentSize;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      check();
      if (position >= inode.currentSize) {
        return -1;
      }
      int n = (int) Math.min(dst.remaining(), inode.currentSize - position);
      dst.put(inode.current, (int) position, n);
      return n;
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
      check();
      if (failWrites > 0) {
        failWrites--;
        throw new IOException(name + ": injected write failure");
      }
      inode.write(position, src);
      operationDone();
    }

    @Override
    public void sync() throws IOException {
      check();
      if (failSyncs > 0) {
        failSyncs--;
        throw new IOException(name + ": injected sync failure");
      }
      inode.sync();
      operationDone();
    }

    @Override
    public void truncate(long size) throws IOException {
      check();
      if (size < inode.currentSize) {
        inode.truncate(size);
        operationDone();
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Override
  public String toString() {
    return "SimDisk" + names.keySet();
  }
}
