package io.pacraft.replication.solo;

import io.pacraft.replication.Environment;
import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.IndeterminateException;
import io.pacraft.replication.LogFailedException;
import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.MembershipChange;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.Role;
import io.pacraft.replication.Snapshot;
import io.pacraft.replication.StateMachine;
import io.pacraft.replication.log.LogEntry;
import io.pacraft.replication.log.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One solo replica. Proposals queue from any thread; the group's scheduler numbers them and appends
 * them to the log in batches; once the log says a batch is durable, the applier applies it in order
 * and completes the proposals with the state machine's results.
 *
 * <p>Recovery: entries after {@code sm.lastApplied()} that are in the log are applied at open, so a
 * restart after a crash (the state machine may have lost unflushed writes) replays exactly what
 * the log holds. The log is compacted once a state-machine snapshot (which flushes) covers it.
 *
 * <p>Settings: {@code solo-compact-entries} (default 1000000) and {@code solo-compact-bytes} (default
 * 64 MiB): compact the log after this much has been applied since the last compaction. A compaction
 * takes a state-machine snapshot, which flushes RocksDB's memtables: compacting every 100,000 small
 * entries flushed them several times a second under load, and reads of freshly flushed data (a
 * list's far end) then went to new SST files.
 */
final class SoloGroup implements ReplicaGroup {
  private static final Logger log = LoggerFactory.getLogger(SoloGroup.class);
  private static final long TERM = 1;

  private final GroupSpec spec;
  private final StateMachine sm;
  private final Environment env;
  private final LogStore logStore;
  private final long compactEntries;
  private final long compactBytes;
  /** Proposals from other threads than the scheduler's. */
  private final ConcurrentLinkedQueue<Proposal> inbox = new ConcurrentLinkedQueue<>();
  /**
   * Proposals made on the scheduler's thread (a standalone server's event loop: all of its clients'
   * writes), with whatever the inbox held before each, in that order: no atomic instruction per
   * proposal.
   */
  private final ArrayDeque<Proposal> local = new ArrayDeque<>(); // scheduler thread
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final ArrayDeque<Proposal> inflight = new ArrayDeque<>(); // scheduler thread
  /** Durable batches for the applier, in log order: handed over a batch at a time. */
  private final ConcurrentLinkedQueue<List<Proposal>> durableQueue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean applyScheduled = new AtomicBoolean();
  /** Capacity for the next batch's lists: a little over the last batch's size (no regrowing). */
  private int lastBatch = 16; // scheduler thread

  private int lastApplied = 16; // applier thread
  private final Membership membership;
  private volatile boolean closed;
  private volatile Throwable failure;
  private volatile LogFailedException logFailure; // set on the scheduler: the log cannot be written
  private long nextIndex; // scheduler thread
  private volatile long durableIndex;
  private long appliedSinceCompaction; // applier thread
  private long bytesSinceCompaction; // applier thread
  private volatile boolean compacting;

  private static final class Proposal {
    final byte[] payload;
    final CompletableFuture<Object> future = new CompletableFuture<>();
    long index;

    Proposal(byte[] payload) {
      this.payload = payload;
    }
  }

  SoloGroup(GroupSpec spec, StateMachine sm, Environment env) {
    this.spec = spec;
    this.sm = sm;
    this.env = env;
    this.logStore = env.logStore();
    this.compactEntries = spec.longSetting("solo-compact-entries", 1_000_000);
    this.compactBytes = spec.longSetting("solo-compact-bytes", 64L << 20);
    if (compactEntries < 1 || compactBytes < 1) {
      throw new IllegalArgumentException("solo-compact-entries and solo-compact-bytes must be positive");
    }
    this.membership = new Membership(1, List.of(new Member(spec.self(), "local", true)));
    recover();
    logStore.onFailure(this::logFailed);
  }

  /**
   * Scheduler: the log can no longer be written. What it had confirmed durable still applies; what
   * was written but not confirmed may or may not survive a restart (indeterminate); every later
   * proposal is refused. Reads go on serving the applied state.
   */
  private void logFailed(IOException e) {
    LogFailedException refusal = new LogFailedException(e);
    logFailure = refusal;
    log.error("{}: the log cannot be written ({}): writes are refused until a restart", spec.group(), refusal.getMessage());
    IndeterminateException unknown = new IndeterminateException("log write failed: " + refusal.getMessage());
    Proposal p;
    while ((p = inflight.poll()) != null) {
      p.future.completeExceptionally(unknown);
    }
    refuseQueued(refusal);
  }

  /** Scheduler: fails every proposal not yet numbered. */
  private void refuseQueued(Throwable refusal) {
    Proposal p;
    while ((p = local.poll()) != null) {
      p.future.completeExceptionally(refusal);
    }
    while ((p = inbox.poll()) != null) {
      p.future.completeExceptionally(refusal);
    }
  }

  /** Applies what the log holds beyond the state machine, then positions the next index. */
  private void recover() {
    long applied = sm.lastApplied();
    long last = logStore.lastIndex();
    if (applied < logStore.snapshotIndex()) {
      throw new IllegalStateException(
          "log compacted to " + logStore.snapshotIndex() + " but the state machine is at " + applied
              + ": the data directory is damaged");
    }
    long replayed = 0;
    for (long i = applied + 1; i <= last; ) {
      List<LogEntry> batch = logStore.entries(i, last + 1, 4L << 20);
      List<ByteBuffer> entries = new ArrayList<>(batch.size());
      for (LogEntry e : batch) {
        entries.add(ByteBuffer.wrap(e.payload()));
      }
      sm.apply(i, entries);
      replayed += batch.size();
      i += batch.size();
    }
    if (replayed > 0) {
      log.info("{}: replayed {} log entries after restart", spec.group(), replayed);
    }
    long top = Math.max(applied, last);
    if (last < applied) {
      // The state machine is ahead of the log (the log lost an unsynced tail it had already
      // applied from, or was wiped): restart the log after what is applied.
      logStore.compact(applied, TERM, 0, () -> {});
    }
    nextIndex = top + 1;
    durableIndex = top;
  }

  @Override
  public GroupId id() {
    return spec.group();
  }

  @Override
  public NodeId self() {
    return spec.self();
  }

  @Override
  public CompletableFuture<Object> propose(ByteBuffer entry) {
    byte[] payload = new byte[entry.remaining()];
    entry.get(payload);
    Proposal p = new Proposal(payload);
    if (closed) {
      p.future.completeExceptionally(new IllegalStateException("the group is closed"));
      return p.future;
    }
    Throwable f = failure;
    if (f == null) {
      f = logFailure;
    }
    if (f != null) {
      p.future.completeExceptionally(f);
      return p.future;
    }
    if (env.scheduler().inScheduler()) {
      takeInbox(); // what other threads proposed before this goes first
      local.add(p);
    } else {
      inbox.add(p);
    }
    if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
      env.scheduler().execute(this::drain);
    }
    return p.future;
  }

  /** Scheduler: moves what other threads proposed to the end of {@link #local}. */
  private void takeInbox() {
    if (!inbox.isEmpty()) {
      Proposal q;
      while ((q = inbox.poll()) != null) {
        local.add(q);
      }
    }
  }

  /** Scheduler: numbers every queued proposal and appends them as one batch. */
  private void drain() {
    drainScheduled.set(false);
    List<LogEntry> entries = new ArrayList<>(lastBatch); // a batch is about as large as the last one
    Proposal p;
    LogFailedException refused = logFailure;
    if (refused != null) {
      refuseQueued(refused);
      return;
    }
    takeInbox();
    while ((p = local.poll()) != null) {
      p.index = nextIndex++;
      entries.add(new LogEntry(p.index, TERM, LogEntry.NORMAL, p.payload));
      inflight.add(p);
    }
    if (entries.isEmpty()) {
      return;
    }
    lastBatch = Math.max(16, entries.size() + entries.size() / 4);
    long upTo = entries.get(entries.size() - 1).index();
    try {
      logStore.append(entries, () -> durable(upTo));
    } catch (UncheckedIOException e) {
      // The store failed before or while taking this batch; part of it may have reached the file.
      // The store's failure handler, queued behind this task, settles everything in flight.
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /**
   * Scheduler: everything up to {@code upTo} is durable; hand it to the applier in order. Batches
   * that become durable before the applier gets to them are applied together (one storage write).
   */
  private void durable(long upTo) {
    durableIndex = upTo;
    List<Proposal> batch = new ArrayList<>(Math.min(inflight.size(), lastBatch));
    while (!inflight.isEmpty() && inflight.peek().index <= upTo) {
      batch.add(inflight.poll());
    }
    if (!batch.isEmpty()) {
      durableQueue.add(batch);
    }
    if (applyScheduled.compareAndSet(false, true)) {
      env.applier().execute(this::applyDurable);
    }
  }

  /** Applier: applies every durable proposal queued so far. */
  private void applyDurable() {
    applyScheduled.set(false);
    List<Proposal> ready = durableQueue.poll();
    if (ready == null) {
      return;
    }
    List<Proposal> more = durableQueue.poll();
    if (more != null) {
      // Batches that became durable before the applier got to them: one storage write for all.
      List<Proposal> all = new ArrayList<>(lastApplied);
      all.addAll(ready);
      do {
        all.addAll(more);
      } while ((more = durableQueue.poll()) != null);
      ready = all;
    }
    lastApplied = Math.max(16, ready.size() + ready.size() / 4);
    apply(ready);
  }

  /** Applier: applies in log order (one batch) and completes each proposal with its result. */
  private void apply(List<Proposal> ready) {
    if (failure != null) {
      for (Proposal p : ready) {
        p.future.completeExceptionally(failure);
      }
      return;
    }
    List<ByteBuffer> entries = new ArrayList<>(ready.size());
    for (Proposal p : ready) {
      entries.add(ByteBuffer.wrap(p.payload));
      bytesSinceCompaction += p.payload.length + 24;
    }
    Object[] results;
    try {
      results = sm.apply(ready.get(0).index, entries);
    } catch (RuntimeException e) {
      // Storage failed under entries that are durable in the log: the state can no longer
      // advance; they will be replayed on restart.
      fail(e);
      for (Proposal p : ready) {
        p.future.completeExceptionally(new IndeterminateException("apply failed: " + e.getMessage()));
      }
      return;
    }
    for (int i = 0; i < ready.size(); i++) {
      ready.get(i).future.complete(results[i]);
    }
    appliedSinceCompaction += ready.size();
    if (!compacting && (appliedSinceCompaction >= compactEntries || bytesSinceCompaction >= compactBytes)) {
      compact();
    }
  }

  /** Applier: a snapshot makes the state machine durable up to its index; drop the log before it. */
  private void compact() {
    compacting = true;
    appliedSinceCompaction = 0;
    bytesSinceCompaction = 0;
    long index;
    try (Snapshot s = sm.snapshot()) {
      index = s.lastIndex();
    } catch (RuntimeException e) {
      log.warn("{}: log compaction skipped: {}", spec.group(), e.toString());
      compacting = false;
      return;
    }
    env.scheduler().execute(
        () -> {
          if (index > logStore.snapshotIndex() && index <= logStore.lastIndex()) {
            logStore.compact(index, TERM, 0, () -> compacting = false);
          } else {
            compacting = false;
          }
        });
  }

  private void fail(Throwable e) {
    if (failure == null) {
      failure = e;
      log.error("{}: replication stopped: {}", spec.group(), e.toString(), e);
    }
  }

  @Override
  public CompletableFuture<Long> readBarrier() {
    // Writes are acknowledged only once applied here, so the state already applied reflects
    // every acknowledged write.
    return CompletableFuture.completedFuture(sm.lastApplied());
  }

  @Override
  public Role role() {
    return closed ? Role.REMOVED : Role.LEADER;
  }

  @Override
  public Optional<NodeId> leader() {
    return Optional.of(spec.self());
  }

  @Override
  public Membership membership() {
    return membership;
  }

  @Override
  public CompletableFuture<Void> changeMembership(MembershipChange change) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("a standalone node has exactly one replica; start it with --cluster to replicate"));
  }

  @Override
  public CompletableFuture<Void> transferLeadership(NodeId to) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("a standalone node has no other replica to lead"));
  }

  @Override
  public Map<String, String> status() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("role", "leader");
    s.put("protocol", SoloProtocol.NAME);
    s.put("commit_index", Long.toString(durableIndex));
    s.put("applied_index", Long.toString(sm.lastApplied()));
    logStore.putStatus(s); // the same log fields, under the same names, as Raft's and PacificA's
    return s;
  }

  /**
   * Stops taking proposals, waits (bounded) for those already taken to be applied. Not on the
   * group's scheduler thread, whose tasks it waits for.
   */
  @Override
  public void close() {
    if (env.scheduler().inScheduler()) {
      throw new IllegalStateException("a group cannot be closed from its own scheduler thread");
    }
    if (closed) {
      return;
    }
    closed = true;
    CountDownLatch done = new CountDownLatch(1);
    env.scheduler().execute(
        () -> {
          drain();
          long target = nextIndex - 1;
          Runnable check =
              new Runnable() {
                @Override
                public void run() {
                  // after a log failure nothing past the durable index will ever be applied
                  long upTo = logFailure != null ? Math.min(target, durableIndex) : target;
                  if (sm.lastApplied() >= upTo || failure != null) {
                    done.countDown();
                  } else {
                    env.scheduler().schedule(TimeUnit.MILLISECONDS.toNanos(5), this);
                  }
                }
              };
          check.run();
        });
    try {
      if (!done.await(10, TimeUnit.SECONDS)) {
        log.warn("{}: closed with writes still in flight", spec.group());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    CountDownLatch closedLog = new CountDownLatch(1);
    env.scheduler().execute(
        () -> {
          logStore.close();
          closedLog.countDown();
        });
    try {
      closedLog.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
