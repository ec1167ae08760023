package io.pacraft.replication.log;

import io.pacraft.replication.Scheduler;
import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.disk.DiskFile;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LogStore} of append-only segment files on a {@link Disk}.
 *
 * <p>Everything the store keeps is one stream of checksummed records, in issue order: entries,
 * suffix truncations, hard-state saves and compactions. Each segment begins with a checkpoint of the
 * whole state except entries, so older segments can be deleted once a compaction no longer needs
 * their entries. Because one stream carries everything, a crash recovers exactly a prefix of the
 * issued records: a truncation can never be lost while entries appended after it survive, and a
 * hard state never survives without the entries issued before it. See docs/log-store.md for the
 * format and the recovery rules.
 *
 * <p>The store owns the files named {@code log-<20 digits>.seg} on its disk, and {@value
 * SpareSegment#NAME} (the next segment, being preallocated: {@link SpareSegment}), and leaves any
 * other file there alone, so a protocol may keep its own files on the same {@link Disk}.
 *
 * <p>Two modes, same files: {@link #openDeterministic} syncs in a task on the group's scheduler (the
 * simulator decides when an fsync completes); {@link #openThreaded} has a writer thread that group
 * commits (one fsync for everything queued while the previous one ran).
 *
 * <p>Threading: open from any thread, then call only from the group's scheduler thread; callbacks
 * run there in issue order. {@link #close()} may be called from any thread once the scheduler no
 * longer calls in. An I/O error is fatal: callbacks pending then never run and every later write
 * throws {@link UncheckedIOException}; reopen after a restart.
 *
 * <p>An append recovers entry by entry: a crash may keep a prefix of the entries of an append whose
 * callback had not run.
 */
public final class SegmentedLogStore implements LogStore {
  static final int OFFSET_BITS = 40;
  private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
  private static final long MAX_SEQ = (1L << (63 - OFFSET_BITS)) - 1;
  private static final byte[] EMPTY = new byte[0];
  private static final Logger log = LoggerFactory.getLogger(SegmentedLogStore.class);

  private final Disk disk;
  private final Scheduler scheduler;
  private final LogStoreOptions options;
  private SegmentSink sink;
  private SpareSegment spare; // null when segments are not preallocated
  private long nextSpareBytes;

  private final ArrayList<Segment> segments = new ArrayList<>();
  private Segment active;
  private long activeCheckpointEnd;
  private final EntryIndex index = new EntryIndex(1);
  private long firstIndex = 1;
  private long snapshotIndex;
  private long snapshotTerm;
  private byte[] hardState = EMPTY;
  private long totalBytes;
  private long durablePosition;

  private ByteBuffer scratch = ByteBuffer.allocate(4096);
  private final ByteBuffer readHeader = ByteBuffer.allocate(RecordFormat.HEADER + RecordFormat.ENTRY_FIXED);
  private final CRC32C crc = new CRC32C();
  private volatile IOException failure;
  private final List<Consumer<IOException>> failureHandlers = new ArrayList<>(1); // guarded by this
  private volatile boolean closed;

  private SegmentedLogStore(Disk disk, Scheduler scheduler, LogStoreOptions options) {
    this.disk = disk;
    this.scheduler = scheduler;
    this.options = options;
  }

  /**
   * Opens (recovering) or creates the log in {@code disk} for the simulator: records go to the disk
   * as they are issued, and a task on {@code scheduler} syncs them and runs the callbacks.
   *
   * @throws LogCorruptedException when the files hold damage a crash cannot explain
   */
  public static SegmentedLogStore openDeterministic(Disk disk, Scheduler scheduler, LogStoreOptions options)
      throws IOException {
    SegmentedLogStore store = new SegmentedLogStore(disk, scheduler, options);
    store.recover();
    store.sink = new ScheduledSync(store, disk, scheduler, options.syncDelayNanos(), store.active);
    store.startPreallocating(Runnable::run);
    return store;
  }

  /**
   * Opens (recovering) or creates the log in {@code disk} with a writer thread named {@code
   * threadName} that group commits and posts callbacks to {@code scheduler}.
   *
   * @throws LogCorruptedException when the files hold damage a crash cannot explain
   */
  public static SegmentedLogStore openThreaded(
      Disk disk, Scheduler scheduler, LogStoreOptions options, String threadName) throws IOException {
    SegmentedLogStore store = new SegmentedLogStore(disk, scheduler, options);
    store.recover();
    store.sink = new GroupCommitWriter(store, disk, scheduler, threadName);
    store.startPreallocating(ownThread(threadName + "-prealloc"));
    return store;
  }

  /**
   * Opens (recovering) or creates the log in {@code disk} with no thread of its own: a task on
   * {@code scheduler} writes, syncs and runs the callbacks of everything issued since the last one
   * (see {@link SchedulerGroupCommit}). For a group whose scheduler may block on the disk.
   *
   * @throws LogCorruptedException when the files hold damage a crash cannot explain
   */
  public static SegmentedLogStore openOnScheduler(Disk disk, Scheduler scheduler, LogStoreOptions options)
      throws IOException {
    return openOnScheduler(disk, scheduler, options, ownThread("log-prealloc"));
  }

  /** {@link #openOnScheduler(Disk, Scheduler, LogStoreOptions)} filling spare segments on {@code filler}. */
  static SegmentedLogStore openOnScheduler(Disk disk, Scheduler scheduler, LogStoreOptions options, Executor filler)
      throws IOException {
    SegmentedLogStore store = new SegmentedLogStore(disk, scheduler, options);
    store.recover();
    store.sink = new SchedulerGroupCommit(store, disk, scheduler);
    store.startPreallocating(filler);
    return store;
  }

  /** Runs each task on a new daemon thread: a spare segment is filled once per segment, rarely. */
  private static Executor ownThread(String name) {
    return task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      t.start();
    };
  }

  private void startPreallocating(Executor filler) throws IOException {
    if (!options.preallocate()) {
      return;
    }
    spare = new SpareSegment(disk, filler);
    nextSpareBytes =
        Math.min(
            options.segmentBytes(),
            active.preallocated ? 2 * active.capacity : LogStoreOptions.FIRST_PREALLOCATED_BYTES);
    spare.prepare(nextSpareBytes);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public long firstIndex() {
    return firstIndex;
  }

  @Override
  public long lastIndex() {
    return index.next() - 1;
  }

  @Override
  public long term(long i) {
    if (index.holds(i) && i >= firstIndex) {
      return index.term(i);
    }
    if (i == snapshotIndex) {
      return snapshotTerm;
    }
    throw new IndexOutOfBoundsException(
        "no term for index " + i + " (snapshot " + snapshotIndex + ", log " + firstIndex + ".." + lastIndex() + ")");
  }

  @Override
  public LogEntry entry(long i) {
    if (!index.holds(i) || i < firstIndex) {
      throw new IndexOutOfBoundsException("no entry " + i + " (log " + firstIndex + ".." + lastIndex() + ")");
    }
    LogEntry cached = index.cached(i);
    return cached != null ? cached : read(i);
  }

  @Override
  public List<LogEntry> entries(long from, long to, long maxBytes) {
    if (from < firstIndex || to > lastIndex() + 1 || from > to) {
      throw new IndexOutOfBoundsException(
          "entries [" + from + ", " + to + ") outside log " + firstIndex + ".." + lastIndex());
    }
    ArrayList<LogEntry> out = new ArrayList<>((int) Math.min(to - from, 256));
    long bytes = 0;
    for (long i = from; i < to; i++) {
      LogEntry e = entry(i);
      bytes += e.sizeEstimate();
      if (!out.isEmpty() && bytes > maxBytes) {
        break;
      }
      out.add(e);
    }
    return out;
  }

  @Override
  public byte[] hardState() {
    return hardState.clone();
  }

  @Override
  public long snapshotIndex() {
    return snapshotIndex;
  }

  @Override
  public long snapshotTerm() {
    return snapshotTerm;
  }

  @Override
  public long sizeBytes() {
    return totalBytes;
  }

  /** Segment files currently held. */
  public int segmentCount() {
    return segments.size();
  }

  /** Bytes of entries held in the memory cache. */
  public long cachedBytes() {
    return index.cachedBytes();
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void append(List<LogEntry> entries, Runnable onDurable) {
    emitEntries(entries);
    sink.commit(onDurable, endPosition());
  }

  @Override
  public void appendDeferred(List<LogEntry> entries) {
    emitEntries(entries);
    sink.issue();
  }

  @Override
  public void sync(Runnable onDurable) {
    checkUsable();
    sink.commit(onDurable, endPosition());
  }

  private void emitEntries(List<LogEntry> entries) {
    checkUsable();
    int n = entries.size();
    if (n > 0) {
      long first = entries.get(0).index();
      if (first < firstIndex || first > lastIndex() + 1) {
        throw new IllegalArgumentException(
            "append at " + first + " outside [" + firstIndex + ", " + (lastIndex() + 1) + "]");
      }
      for (int k = 0; k < n; k++) {
        LogEntry e = entries.get(k);
        if (e.index() != first + k) {
          throw new IllegalArgumentException("entry indexes not consecutive at " + e.index());
        }
        if (e.payload().length > RecordFormat.MAX_BODY - RecordFormat.ENTRY_FIXED) {
          throw new IllegalArgumentException("entry " + e.index() + " too large: " + e.payload().length + " bytes");
        }
      }
      try {
        if (first <= lastIndex()) {
          reserve(RecordFormat.HEADER + RecordFormat.TRUNCATE_BODY);
          index.truncateAfter(first - 1);
          ByteBuffer b = record(RecordFormat.TRUNCATE_BODY);
          b.put(RecordFormat.TRUNCATE).putLong(first - 1);
          emit(b);
        }
        for (int k = 0; k < n; k++) {
          LogEntry e = entries.get(k);
          int body = RecordFormat.ENTRY_FIXED + e.payload().length;
          reserve(RecordFormat.HEADER + body);
          ByteBuffer b = record(body);
          b.put(RecordFormat.ENTRY).putLong(e.index()).putLong(e.term()).put(e.type()).put(e.payload());
          index.add(e.term(), emit(b), e);
        }
      } catch (IOException e) {
        throw failed(e);
      }
    }
  }

  @Override
  public void saveHardState(byte[] state, Runnable onDurable) {
    checkUsable();
    byte[] copy = state.clone();
    int body = 1 + copy.length;
    try {
      reserve(RecordFormat.HEADER + body);
      hardState = copy;
      ByteBuffer b = record(body);
      b.put(RecordFormat.HARD_STATE).put(copy);
      emit(b);
    } catch (IOException e) {
      throw failed(e);
    }
    sink.commit(onDurable, endPosition());
  }

  @Override
  public void compact(long index, long term, long retain, Runnable onDurable) {
    checkUsable();
    if (index < snapshotIndex) {
      throw new IllegalArgumentException("compact to " + index + " below the snapshot at " + snapshotIndex);
    }
    boolean discardAll = index > lastIndex() || term(index) != term;
    long newLast = discardAll ? index : lastIndex();
    long newFirst = discardAll ? index + 1 : Math.min(index + 1, Math.max(firstIndex, index + 1 - Math.max(0, retain)));
    try {
      reserve(RecordFormat.HEADER + RecordFormat.COMPACT_BODY);
      if (discardAll) {
        this.index.reset(index + 1);
      } else {
        this.index.dropBefore(newFirst);
      }
      snapshotIndex = index;
      snapshotTerm = term;
      firstIndex = newFirst;
      ByteBuffer b = record(RecordFormat.COMPACT_BODY);
      b.put(RecordFormat.COMPACT).putLong(index).putLong(term).putLong(newFirst).putLong(newLast);
      emit(b);
    } catch (IOException e) {
      throw failed(e);
    }
    long keepFrom = this.index.size() > 0 ? this.index.position(this.index.first()) >>> OFFSET_BITS : active.seq;
    ArrayList<Segment> obsolete = new ArrayList<>();
    while (segments.get(0).seq < keepFrom) {
      Segment s = segments.remove(0);
      totalBytes -= s.size;
      obsolete.add(s);
    }
    if (!obsolete.isEmpty()) {
      sink.delete(obsolete);
    }
    sink.commit(onDurable, endPosition());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (spare != null) {
      spare.close();
    }
    if (sink != null) {
      sink.close();
    }
    for (Segment s : segments) {
      try {
        s.file.close();
      } catch (IOException e) {
        log.warn("closing {}: {}", s.name, e.toString());
      }
    }
  }

  // ---------------------------------------------------------------- sink callbacks

  /** Called on the scheduler once everything up to {@code position} is durable. */
  void completed(long position, List<Runnable> callbacks) {
    if (closed || failure != null) {
      return;
    }
    durablePosition = Math.max(durablePosition, position);
    for (int i = 0, n = callbacks.size(); i < n; i++) {
      try {
        callbacks.get(i).run();
      } catch (RuntimeException e) {
        log.error("log durability callback failed", e);
      }
    }
    index.evict(options.cacheBytes(), durablePosition);
  }

  /** Called from any thread when a write or sync failed: the store stops for good. */
  void fail(IOException e) {
    List<Consumer<IOException>> handlers;
    synchronized (this) {
      if (failure != null) {
        return;
      }
      failure = e;
      handlers = List.copyOf(failureHandlers);
    }
    if (!closed) {
      log.error("log store failed: nothing more becomes durable", e);
      for (Consumer<IOException> h : handlers) {
        scheduler.execute(() -> h.accept(e));
      }
    }
  }

  @Override
  public void onFailure(Consumer<IOException> handler) {
    IOException f;
    synchronized (this) {
      failureHandlers.add(handler);
      f = failure;
    }
    if (f != null && !closed) {
      scheduler.execute(() -> handler.accept(f));
    }
  }

  @Override
  public IOException failure() {
    return failure;
  }

  private UncheckedIOException failed(IOException e) {
    fail(e);
    return new UncheckedIOException("log store failed", failure);
  }

  private void checkUsable() {
    if (closed) {
      throw new IllegalStateException("log store closed");
    }
    IOException f = failure;
    if (f != null) {
      throw new UncheckedIOException("log store failed earlier", f);
    }
  }

  // ---------------------------------------------------------------- encoding

  private long endPosition() {
    return (active.seq << OFFSET_BITS) | active.size;
  }

  /**
   * Starts a new segment first when a record of {@code length} bytes would overfill the active one,
   * or when the active one grows as it is written and a preallocated one is ready.
   */
  private void reserve(int length) throws IOException {
    if (active.size > activeCheckpointEnd
        && (active.size + length > active.capacity || (!active.preallocated && spare != null && spare.ready()))) {
      roll();
    }
  }

  private void roll() throws IOException {
    long seq = active.seq + 1;
    if (seq > MAX_SEQ) {
      throw new IOException("segment sequence numbers exhausted");
    }
    SpareSegment.Taken taken = spare == null ? null : spare.take(Segment.nameOf(seq));
    Segment next;
    if (taken != null) {
      next = new Segment(seq, taken.file(), 0, taken.bytes(), true);
      nextSpareBytes = Math.min(options.segmentBytes(), 2 * taken.bytes());
    } else {
      DiskFile file = disk.open(Segment.nameOf(seq), true);
      if (file.size() != 0) {
        file.truncate(0);
      }
      next = new Segment(seq, file, 0, options.segmentBytes(), false);
    }
    segments.add(next);
    active = next;
    sink.roll(next);
    emit(checkpoint());
    activeCheckpointEnd = next.size;
    if (spare != null) {
      spare.prepare(nextSpareBytes);
    }
  }

  private ByteBuffer checkpoint() {
    ByteBuffer b = record(RecordFormat.CHECKPOINT_FIXED + hardState.length);
    b.put(RecordFormat.CHECKPOINT).put(RecordFormat.VERSION).putLong(active.seq);
    b.putLong(snapshotIndex).putLong(snapshotTerm).putLong(firstIndex).putLong(lastIndex());
    b.put(hardState);
    return b;
  }

  /** The scratch buffer, cleared, with a record header for a body of {@code bodyLength} bytes. */
  private ByteBuffer record(int bodyLength) {
    int length = RecordFormat.HEADER + bodyLength;
    if (scratch.capacity() < length) {
      scratch = ByteBuffer.allocate(Math.max(length, scratch.capacity() * 2));
    } else if (scratch.capacity() > (1 << 20) && length < 4096) {
      scratch = ByteBuffer.allocate(4096);
    }
    scratch.clear();
    RecordFormat.begin(scratch, bodyLength);
    return scratch;
  }

  /** Seals the record in {@code b}, hands it to the sink at the end of the active segment; returns its position. */
  private long emit(ByteBuffer b) throws IOException {
    RecordFormat.finish(b, crc);
    int length = b.remaining();
    long offset = active.size;
    sink.write(active, offset, b);
    active.size = offset + length;
    totalBytes += length;
    return (active.seq << OFFSET_BITS) | offset;
  }

  private LogEntry read(long i) {
    long position = index.position(i);
    Segment s = segments.get((int) ((position >>> OFFSET_BITS) - segments.get(0).seq));
    long offset = position & OFFSET_MASK;
    try {
      readHeader.clear();
      readFully(s.file, offset, readHeader);
      int bodyLength = readHeader.getInt(0);
      int payloadLength = bodyLength - RecordFormat.ENTRY_FIXED;
      if (payloadLength < 0 || readHeader.get(RecordFormat.HEADER) != RecordFormat.ENTRY) {
        throw new LogCorruptedException(s.name, offset, "expected entry " + i);
      }
      byte[] payload = new byte[payloadLength];
      readFully(s.file, offset + readHeader.capacity(), ByteBuffer.wrap(payload));
      crc.reset();
      crc.update(readHeader.array(), 0, 4);
      crc.update(readHeader.array(), RecordFormat.HEADER, RecordFormat.ENTRY_FIXED);
      crc.update(payload, 0, payloadLength);
      long storedIndex = readHeader.getLong(RecordFormat.HEADER + 1);
      if ((int) crc.getValue() != readHeader.getInt(4) || storedIndex != i) {
        throw new LogCorruptedException(s.name, offset, "entry " + i + " fails its checksum on read");
      }
      long term = readHeader.getLong(RecordFormat.HEADER + 9);
      byte type = readHeader.get(RecordFormat.HEADER + 17);
      return new LogEntry(i, term, type, payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readFully(DiskFile file, long position, ByteBuffer dst) throws IOException {
    while (dst.hasRemaining()) {
      if (file.read(position + dst.position(), dst) < 0) {
        throw new EOFException("unexpected end of segment at " + (position + dst.position()));
      }
    }
  }

  // ---------------------------------------------------------------- recovery

  private void recover() throws IOException {
    ArrayList<Long> seqs = new ArrayList<>();
    for (String name : disk.list()) {
      long seq = Segment.seqOf(name);
      if (seq >= 0) {
        seqs.add(seq);
      }
    }
    boolean directoryChanged = false;
    // Only the newest contiguous run counts: older files are left over from an interrupted prefix
    // deletion (every deletion follows a durable compaction that no longer needs them).
    int start = seqs.size() - 1;
    while (start > 0 && seqs.get(start - 1) == seqs.get(start) - 1) {
      start--;
    }
    for (int i = 0; i < start; i++) {
      disk.delete(Segment.nameOf(seqs.get(i)));
      directoryChanged = true;
    }
    List<Long> run = start < 0 ? List.of() : new ArrayList<>(seqs.subList(start, seqs.size()));
    // Segments created by a roll whose first record never became durable hold nothing acknowledged.
    while (!run.isEmpty()) {
      long seq = run.get(run.size() - 1);
      if (!unwrittenSegment(seq)) {
        break;
      }
      disk.delete(Segment.nameOf(seq));
      directoryChanged = true;
      run.remove(run.size() - 1);
    }
    if (run.isEmpty()) {
      long seq = seqs.isEmpty() ? 1 : seqs.get(seqs.size() - 1);
      createFirstSegment(seq);
      return;
    }
    boolean zeroTail = false;
    for (int i = 0; i < run.size(); i++) {
      long seq = run.get(i);
      Segment s = new Segment(seq, disk.open(Segment.nameOf(seq), false), 0, options.segmentBytes(), false);
      segments.add(s);
      zeroTail = replay(s, i == 0, i == run.size() - 1);
      totalBytes += s.size;
    }
    active = segments.get(segments.size() - 1);
    long fileSize = active.file.size();
    if (fileSize > active.size && zeroTail) {
      // preallocated: appends go on over the zeros
      active.capacity = fileSize;
      active.preallocated = true;
    } else if (fileSize > active.size) {
      log.warn("{}: truncating a torn tail of {} bytes at offset {}", active.name, fileSize - active.size, active.size);
      active.file.truncate(active.size);
      active.file.sync();
    }
    if (directoryChanged) {
      disk.syncDirectory();
    }
    if (lastIndex() >= firstIndex && index.first() > firstIndex) {
      throw new LogCorruptedException(
          segments.get(0).name, 0,
          "entries " + firstIndex + ".." + (index.first() - 1) + " are missing: an earlier segment is gone");
    }
    durablePosition = endPosition();
  }

  /** True when segment {@code seq} holds no intact record at all (it was created, never written). */
  private boolean unwrittenSegment(long seq) throws IOException {
    try (DiskFile file = disk.open(Segment.nameOf(seq), false)) {
      SegmentReader r = new SegmentReader(file);
      return switch (r.next()) {
        case END -> true;
        case BAD -> !r.goodRecordAfter(0);
        case RECORD -> false;
      };
    }
  }

  private void createFirstSegment(long seq) throws IOException {
    DiskFile file = disk.open(Segment.nameOf(seq), true);
    file.truncate(0);
    active = new Segment(seq, file, 0, options.segmentBytes(), false);
    segments.add(active);
    ByteBuffer b = checkpoint();
    RecordFormat.finish(b, crc);
    int length = b.remaining();
    file.write(0, b);
    file.sync();
    disk.syncDirectory();
    active.size = length;
    activeCheckpointEnd = length;
    totalBytes = length;
    durablePosition = endPosition();
  }

  /** Reads {@code s} into the index; true when it ends in zeros only (a preallocated segment's rest). */
  private boolean replay(Segment s, boolean firstOfRun, boolean last) throws IOException {
    SegmentReader r = new SegmentReader(s.file);
    boolean first = true;
    while (true) {
      SegmentReader.Status status = r.next();
      if (status == SegmentReader.Status.END) {
        break;
      }
      if (status == SegmentReader.Status.BAD) {
        if (!last) {
          throw new LogCorruptedException(s.name, r.recordOffset(), r.problem() + " in a segment that is not the last");
        }
        if (r.goodRecordAfter(r.recordOffset())) {
          throw new LogCorruptedException(s.name, r.recordOffset(), r.problem() + ", followed by intact records");
        }
        break;
      }
      ByteBuffer body = r.body();
      byte kind = body.get();
      String problem;
      if (first) {
        problem = kind == RecordFormat.CHECKPOINT ? applyCheckpoint(body, s, firstOfRun) : "segment does not start with a checkpoint";
        activeCheckpointEnd = r.offset();
        first = false;
      } else {
        problem = switch (kind) {
          case RecordFormat.ENTRY -> applyEntry(body, (s.seq << OFFSET_BITS) | r.recordOffset());
          case RecordFormat.TRUNCATE -> applyTruncate(body.getLong());
          case RecordFormat.HARD_STATE -> applyHardState(body);
          case RecordFormat.COMPACT -> applyCompact(body.getLong(), body.getLong(), body.getLong(), body.getLong());
          default -> "unexpected checkpoint inside a segment";
        };
      }
      if (problem != null) {
        throw new LogCorruptedException(s.name, r.recordOffset(), problem);
      }
    }
    if (first) {
      throw new LogCorruptedException(s.name, 0, "segment holds no checkpoint");
    }
    s.size = r.offset();
    return r.zeroTail();
  }

  private String applyCheckpoint(ByteBuffer body, Segment s, boolean firstOfRun) {
    byte version = body.get();
    if (version != RecordFormat.VERSION) {
      return "unsupported format version " + version;
    }
    long seq = body.getLong();
    if (seq != s.seq) {
      return "checkpoint names segment " + seq;
    }
    long si = body.getLong();
    long st = body.getLong();
    long f = body.getLong();
    long l = body.getLong();
    byte[] hs = new byte[body.remaining()];
    body.get(hs);
    if (f > l + 1 || si > l) {
      return "inconsistent checkpoint";
    }
    if (firstOfRun) {
      snapshotIndex = si;
      snapshotTerm = st;
      firstIndex = f;
      hardState = hs;
      index.reset(l + 1);
      return null;
    }
    if (si != snapshotIndex || st != snapshotTerm || f != firstIndex || l != lastIndex() || !Arrays.equals(hs, hardState)) {
      return "checkpoint disagrees with the records before it";
    }
    return null;
  }

  private String applyEntry(ByteBuffer body, long position) {
    long i = body.getLong();
    long term = body.getLong();
    if (i != lastIndex() + 1) {
      return "entry " + i + " does not follow " + lastIndex();
    }
    index.add(term, position, null);
    return null;
  }

  private String applyTruncate(long lastKept) {
    if (lastKept < firstIndex - 1 || lastKept >= lastIndex()) {
      return "truncation to " + lastKept + " outside the log " + firstIndex + ".." + lastIndex();
    }
    index.truncateAfter(lastKept);
    return null;
  }

  private String applyHardState(ByteBuffer body) {
    byte[] hs = new byte[body.remaining()];
    body.get(hs);
    hardState = hs;
    return null;
  }

  private String applyCompact(long si, long st, long f, long l) {
    if (si < snapshotIndex || f > l + 1 || si > l) {
      return "inconsistent compaction to " + si;
    }
    if (l != lastIndex()) {
      index.reset(l + 1);
    } else {
      index.dropBefore(f);
    }
    snapshotIndex = si;
    snapshotTerm = st;
    firstIndex = f;
    return null;
  }

  @Override
  public String toString() {
    return "SegmentedLogStore[" + disk + " " + firstIndex + ".." + lastIndex() + " snapshot " + snapshotIndex + "]";
  }
}
