package io.pacraft.server.state;

import io.pacraft.replication.Snapshot;
import io.pacraft.replication.StateMachine;
import io.pacraft.resp.RespValue;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.CommandTable;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.storage.ApplyCache;
import io.pacraft.server.storage.Bytes;
import io.pacraft.server.storage.KeyEvent;
import io.pacraft.server.storage.KeyHistory;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.ListFormatUpgrade;
import io.pacraft.server.storage.Meta;
import io.pacraft.server.storage.RecordCache;
import io.pacraft.server.storage.RocksStore;
import io.pacraft.server.storage.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.StampedLock;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key-value state machine on RocksDB. Every apply is one write batch holding the command's
 * writes together with the applied index, the log time and the key counts, so a restarted replica
 * resumes at {@code lastApplied() + 1} with exactly the state that index implies.
 *
 * <p>Reads run on other threads against the same database; {@link #awaitApplied} lets them wait for
 * a read barrier, and {@link #readLock()} keeps a snapshot install from swapping the database under
 * them.
 */
public final class KvStateMachine implements StateMachine, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KvStateMachine.class);
  private static final byte[] APPLIED_KEY = Bytes.utf8("applied");
  /**
   * How the data is encoded: 2 since lists are stored in chunks (1, with no record, stored one
   * element per key, and is converted on open). A database in a format this build does not know
   * is refused, not misread.
   */
  static final int FORMAT = 2;

  private static final byte[] FORMAT_KEY = Bytes.utf8("format");
  private static final long KEY_HISTORY_ROUND = 1024;

  private final Path dir;
  private final long cacheBytes;
  private final long recordCacheBytes;
  private final CommandTable table;
  // Every read takes the read side, so it must be cheap: a StampedLock's is one atomic update each
  // way, where a ReentrantReadWriteLock also counts each thread's holds (a thread-local lookup when
  // two event loops alternate). Not reentrant: no reader takes it twice, nor the writer (restore,
  // close) while reading.
  private final StampedLock storeLock = new StampedLock();
  private final Lock readLock = storeLock.asReadLock();
  private final Lock writeLock = storeLock.asWriteLock();
  private final List<ApplyListener> listeners = new CopyOnWriteArrayList<>();
  /** Told how many keys each run of entries deleted because they expired (INFO's expired_keys). */
  private volatile java.util.function.LongConsumer onExpired = n -> {};
  private final PriorityQueue<Waiter> waiters = new PriorityQueue<>();
  private volatile boolean hasWaiters;

  private volatile RocksStore store;
  private WriteBatchWithIndex batch;
  /** What the run being applied has read (Keyspace.forApply); emptied with the batch. */
  private final ApplyCache applyCache = new ApplyCache();
  private volatile long lastApplied;
  private volatile long lastTime;
  private Keyspace.Counters counters;
  private volatile Keyspace.Counters published;

  /** Opens (or creates) the state in {@code dir}/db. */
  public KvStateMachine(Path dir, long cacheBytes, CommandTable table) throws IOException {
    this(dir, cacheBytes, DEFAULT_RECORD_CACHE, table);
  }

  /**
   * {@code cacheBytes}: RocksDB's block cache; {@code recordCacheBytes}: the {@link RecordCache} in
   * front of it for reads (0: none).
   */
  public KvStateMachine(Path dir, long cacheBytes, long recordCacheBytes, CommandTable table) throws IOException {
    this.dir = dir;
    this.cacheBytes = cacheBytes;
    this.recordCacheBytes = recordCacheBytes;
    this.table = table;
    open();
  }

  /** The record cache's size when not configured: 16 MiB. */
  public static final long DEFAULT_RECORD_CACHE = 16L << 20;

  private void open() throws IOException {
    store = new RocksStore(dir.resolve("db"), cacheBytes, recordCacheBytes);
    batch = new WriteBatchWithIndex(true);
    byte[] sys;
    try {
      sys = store.db().get(store.sys(), APPLIED_KEY);
      byte[] format = store.db().get(store.sys(), FORMAT_KEY);
      if (sys == null && format == null) {
        store.db().put(store.sys(), store.writeOptions(), FORMAT_KEY, Bytes.ofLong(FORMAT));
      } else if (format == null) {
        // Format 1: lists one element per key. Convert them, then record the format, durably.
        int lists = ListFormatUpgrade.run(store);
        store.db().put(store.sys(), store.writeOptions(), FORMAT_KEY, Bytes.ofLong(FORMAT));
        try (FlushOptions o = new FlushOptions().setWaitForFlush(true)) {
          store.db().flush(o, List.of(store.meta(), store.data(), store.zscore(), store.expire(), store.sys()));
        }
        log.info("storage format 1 upgraded to {}: {} lists stored in chunks", FORMAT, lists);
      } else if (Bytes.getLong(format, 0) != FORMAT) {
        long found = Bytes.getLong(format, 0);
        store.close();
        throw new IOException(
            "the data in " + dir.resolve("db") + " is in storage format " + found + ", which this pacraft does not know (it reads formats 1 and "
                + FORMAT + "): start a pacraft that knows it");
      }
    } catch (RocksDBException e) {
      throw new IOException(e);
    }
    if (sys == null) {
      lastApplied = 0;
      lastTime = 0;
      counters = new Keyspace.Counters(0, 0);
    } else {
      lastApplied = Bytes.getLong(sys, 0);
      lastTime = Bytes.getLong(sys, 8);
      counters = new Keyspace.Counters(Bytes.getLong(sys, 16), Bytes.getLong(sys, 24));
    }
    published = counters.copy();
  }

  public RocksStore store() {
    return store;
  }

  public CommandTable table() {
    return table;
  }

  /** Held by readers while they use {@link #store()}; a snapshot install takes the write side. */
  public Lock readLock() {
    return readLock;
  }

  public void addListener(ApplyListener l) {
    listeners.add(l);
  }

  /**
   * {@code counter} is told, after each run of entries applied together, how many keys they deleted
   * because their time came (lazily or by the active expiry): counted while each entry's events are
   * at hand, not by a listener walking them all again.
   */
  public void onExpired(java.util.function.LongConsumer counter) {
    onExpired = counter;
  }

  @Override
  public long lastApplied() {
    return lastApplied;
  }

  /** The log's time as of the last applied entry: what expiry is judged against. */
  public long lastTime() {
    return lastTime;
  }

  /** Key counts as of the last apply. */
  public Keyspace.Counters counters() {
    return published;
  }

  @Override
  public Object apply(long index, ByteBuffer entry) {
    return apply(index, List.of(entry))[0];
  }

  /**
   * Applies consecutive entries with as few RocksDB writes as possible: they share one write batch
   * (each command behind a savepoint, so a failing one undoes only itself) and one record of the
   * applied index, and become visible to readers together. A FLUSHDB/FLUSHALL entry is applied in a
   * batch of its own. Each client entry's result is an {@link AppliedReply}; an empty entry's is
   * null.
   */
  @Override
  public Object[] apply(long firstIndex, List<ByteBuffer> entries) {
    if (firstIndex <= lastApplied) {
      throw new IllegalStateException("entry " + firstIndex + " applied twice (last applied " + lastApplied + ")");
    }
    Object[] results = new Object[entries.size()];
    int i = 0;
    while (i < entries.size()) {
      i = applyRun(firstIndex, entries, i, results);
    }
    return results;
  }

  /** Applies entries from {@code from} in one write batch; returns where the next run starts. */
  private int applyRun(long firstIndex, List<ByteBuffer> entries, int from, Object[] results) {
    RocksStore s = store;
    batch.clear();
    applyCache.clear();
    List<byte[][]> rangeDeletes = new ArrayList<>(0);
    List<List<KeyEvent>> events = new ArrayList<>(entries.size() - from);
    long now = lastTime;
    boolean flushed = false;
    long expired = 0;
    int i = from;
    long t0 = System.nanoTime(); // each entry's run ends where the next one's begins: one clock read per entry
    for (; i < entries.size(); i++) {
      long index = firstIndex + i;
      ByteBuffer entry = entries.get(i).duplicate();
      if (!entry.hasRemaining()) {
        events.add(List.of());
        continue;
      }
      LogCommand c = LogCommand.decode(entry);
      if (i > from && c.flushes()) {
        break; // a flush starts a run of its own: it clears the batch
      }
      now = Math.max(c.time(), now);
      Keyspace ks = Keyspace.forApply(s, batch, index, now, c.seed(), counters, applyCache);
      Keyspace.Mark mark = ks.mark();
      try {
        RespValue reply = execute(ks, c);
        long t1 = System.nanoTime();
        results[i] = new AppliedReply(reply, t1 - t0);
        t0 = t1;
        if ((index & (KEY_HISTORY_ROUND - 1)) == 0) {
          KeyHistory.collect(ks); // deterministic: every replica forgets the same deletion records
        }
        ks.release(mark);
        List<KeyEvent> happened = ks.events();
        for (int e = 0; e < happened.size(); e++) {
          if (happened.get(e).typeClass() == 'x') {
            expired++;
          }
        }
        events.add(happened);
        rangeDeletes.addAll(ks.rangeDeletes());
        if (ks.flushed()) {
          flushed = true;
          i++;
          break;
        }
      } catch (CommandError e) {
        ks.rollback(mark);
        long t1 = System.nanoTime();
        results[i] = new AppliedReply(e.reply(), t1 - t0);
        t0 = t1;
        events.add(List.of());
      } catch (StorageException e) {
        throw e;
      } catch (RuntimeException e) {
        log.error("command in log entry {} failed; its writes are discarded on every replica", index, e);
        ks.rollback(mark);
        long t1 = System.nanoTime();
        results[i] = new AppliedReply(RespValue.error("ERR internal error: " + e), t1 - t0);
        t0 = t1;
        events.add(List.of());
      }
    }
    long last = firstIndex + i - 1;
    RecordCache records = s.records();
    records.writing();
    if (flushed) {
      deleteEverything(s);
    }
    applyCache.writePending(batch, s);
    writeBatch(s, last, now, rangeDeletes);
    if (flushed) {
      records.cleared();
    } else {
      records.written(applyCache.writtenMeta(), applyCache.writtenData());
    }
    lastTime = now;
    published = counters.copy();
    lastApplied = last;
    if (hasWaiters) {
      wakeWaiters(last);
    }
    if (expired > 0) {
      onExpired.accept(expired);
    }
    if (!listeners.isEmpty()) {
      ApplyListener[] ls = listeners.toArray(new ApplyListener[0]); // once per run, not an iterator per entry
      for (int k = 0; k < events.size(); k++) {
        for (ApplyListener l : ls) {
          l.applied(firstIndex + from + k, events.get(k));
        }
      }
    }
    return i;
  }

  private RespValue execute(Keyspace ks, LogCommand c) {
    switch (c.kind()) {
      case LogCommand.COMMAND:
        return run(ks, c.argv());
      case LogCommand.EXPIRE:
        for (byte[] key : c.keys()) {
          Meta m = ks.rawMeta(key);
          if (m != null && m.expiredAt(ks.now())) {
            ks.removeKey(key, m);
            ks.event(key, "expired", 'x');
          }
        }
        return RespValue.OK;
      case LogCommand.TRANSACTION:
        return runTransaction(ks, c);
      default:
        throw new IllegalStateException("unknown entry kind " + c.kind());
    }
  }

  /** Runs one command from the log: the table entry must be a keyspace command. */
  public RespValue run(Keyspace ks, byte[][] argv) {
    return run(ks, argv, false);
  }

  /**
   * {@code checked}: validate the arguments first, as the leader does before it proposes a single
   * write. A transaction's commands were only queued, unchecked, so EXEC checks each in its turn
   * (a blocking pop's timeout, say) and a failing check answers that command's error.
   */
  private RespValue run(Keyspace ks, byte[][] argv, boolean checked) {
    CommandSpec spec = table.lookup(argv[0]);
    if (spec != null && spec.isContainer() && argv.length > 1) {
      spec = spec.subcommands().get(Bytes.lowerAscii(argv[1]));
    }
    if (spec == null || !(spec.command() instanceof KeyspaceCommand kc)) {
      throw new CommandError("ERR unknown command '" + Bytes.utf8(argv[0]) + "' in the log");
    }
    CommandArgs args = new CommandArgs(argv);
    if (checked) {
      kc.check(args);
    }
    return KeyspaceCommand.run(kc, ks, args);
  }

  /**
   * EXEC: aborted (null reply) when a watched key changed after the WATCH; otherwise every command
   * runs, a failing one answering its error without effect while the others take theirs (as Redis).
   */
  private RespValue runTransaction(Keyspace ks, LogCommand c) {
    for (LogCommand.Watch w : c.watches()) {
      if (KeyHistory.modifiedSince(ks, w.key(), w.index(), w.time())) {
        return RespValue.NULL_ARRAY;
      }
    }
    List<RespValue> replies = new ArrayList<>(c.commands().size());
    for (byte[][] argv : c.commands()) {
      Keyspace.Mark mark = ks.mark();
      try {
        replies.add(run(ks, argv, true));
        ks.release(mark);
      } catch (CommandError e) {
        ks.rollback(mark);
        replies.add(e.reply());
      }
    }
    return RespValue.array(replies);
  }

  private void writeBatch(RocksStore s, long index, long now, List<byte[][]> rangeDeletes) {
    byte[] sys = new byte[32];
    Bytes.putLong(sys, 0, index);
    Bytes.putLong(sys, 8, now);
    Bytes.putLong(sys, 16, counters.keys);
    Bytes.putLong(sys, 24, counters.expires);
    try {
      batch.put(s.sys(), APPLIED_KEY, sys);
      s.db().write(s.writeOptions(), batch);
      for (byte[][] range : rangeDeletes) {
        s.db().deleteRange(s.data(), s.writeOptions(), range[0], range[1]);
        s.db().deleteRange(s.zscore(), s.writeOptions(), range[0], range[1]);
      }
    } catch (RocksDBException e) {
      throw new StorageException(e);
    } finally {
      batch.clear();
    }
  }

  /**
   * FLUSHDB: one range deletion per column family, written before the rest of the entry. If the
   * node crashes between the two writes, replaying the entry gives the same state, since what
   * follows a flush in an entry depends only on what the entry itself writes after it.
   */
  private void deleteEverything(RocksStore s) {
    try (org.rocksdb.WriteBatch wb = new org.rocksdb.WriteBatch()) {
      for (org.rocksdb.ColumnFamilyHandle cf : List.of(s.meta(), s.data(), s.zscore(), s.expire())) {
        try (org.rocksdb.RocksIterator it = s.db().newIterator(cf)) {
          it.seekToLast();
          if (it.isValid()) {
            byte[] last = it.key();
            wb.deleteRange(cf, new byte[0], java.util.Arrays.copyOf(last, last.length + 1));
          }
        }
      }
      s.db().write(s.writeOptions(), wb);
    } catch (RocksDBException e) {
      throw new StorageException(e);
    }
  }

  // ------------------------------------------------------------------ read barriers

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  /** Completes once {@code index} has been applied (at once if it has). */
  public CompletableFuture<Void> awaitApplied(long index) {
    if (lastApplied >= index) {
      return DONE;
    }
    Waiter w = new Waiter(index);
    synchronized (waiters) {
      waiters.add(w);
      hasWaiters = true;
    }
    if (lastApplied >= index) {
      wakeWaiters(lastApplied);
    }
    return w.future;
  }

  private void wakeWaiters(long applied) {
    List<Waiter> ready = new ArrayList<>();
    synchronized (waiters) {
      while (!waiters.isEmpty() && waiters.peek().index <= applied) {
        ready.add(waiters.poll());
      }
      hasWaiters = !waiters.isEmpty();
    }
    for (Waiter w : ready) {
      w.future.complete(null);
    }
  }

  private static final class Waiter implements Comparable<Waiter> {
    final long index;
    final CompletableFuture<Void> future = new CompletableFuture<>();

    Waiter(long index) {
      this.index = index;
    }

    @Override
    public int compareTo(Waiter o) {
      return Long.compare(index, o.index);
    }
  }

  // ------------------------------------------------------------------ snapshots

  @Override
  public Snapshot snapshot() {
    try {
      Path snapshots = dir.resolve("snapshots");
      Files.createDirectories(snapshots);
      return CheckpointSnapshot.create(store, snapshots, lastApplied);
    } catch (IOException | RocksDBException e) {
      throw new IllegalStateException("cannot take a snapshot: " + e.getMessage(), e);
    }
  }

  @Override
  public void restore(Snapshot snapshot) {
    writeLock.lock();
    try {
      Path staging = dir.resolve("restore.tmp");
      CheckpointSnapshot.unpack(snapshot, staging);
      batch.close();
      store.close();
      Path db = dir.resolve("db");
      CheckpointSnapshot.deleteTree(db);
      Files.move(staging, db, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      open();
      if (lastApplied != snapshot.lastIndex()) {
        throw new IllegalStateException(
            "snapshot claims index " + snapshot.lastIndex() + " but holds state of index " + lastApplied);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot restore snapshot: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
    wakeWaiters(lastApplied);
  }

  /** Flushes memtables so that everything applied is in SST files (SAVE). */
  public void flush() throws RocksDBException {
    store.flush();
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      batch.close();
      store.close();
    } finally {
      writeLock.unlock();
    }
  }
}
