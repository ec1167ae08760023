package io.pacraft.replication.solo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.IndeterminateException;
import io.pacraft.replication.LogFailedException;
import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.Snapshot;
import io.pacraft.replication.StateMachine;
import io.pacraft.replication.disk.FullDisk;
import io.pacraft.replication.runtime.ThreadScheduler;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone protocol on a real log, in the environment a standalone node runs it in. */
class SoloGroupTest {
  private static final NodeId SELF = NodeId.of("solo");

  @TempDir Path dir;

  private final ThreadScheduler scheduler = ThreadScheduler.start("solo-test");

  @AfterEach
  void stop() {
    scheduler.close();
  }

  /** Sums the longs it applies; its snapshot is the sum, taken as durable (as a RocksDB checkpoint is). */
  static final class SumMachine implements StateMachine {
    volatile long applied;
    volatile long sum;
    volatile long durableApplied;
    volatile long durableSum;

    @Override
    public Object apply(long index, ByteBuffer entry) {
      sum += entry.getLong(entry.position());
      applied = index;
      return sum;
    }

    @Override
    public long lastApplied() {
      return applied;
    }

    @Override
    public Snapshot snapshot() {
      durableApplied = applied;
      durableSum = sum;
      return Snapshot.ofBytes(applied, new byte[0]);
    }

    @Override
    public void restore(Snapshot s) {
      throw new UnsupportedOperationException();
    }

    /** What survives a crash: the last snapshot. */
    SumMachine afterCrash() {
      SumMachine m = new SumMachine();
      m.applied = durableApplied;
      m.sum = durableSum;
      m.durableApplied = durableApplied;
      m.durableSum = durableSum;
      return m;
    }
  }

  private static ReplicaGroup open(SumMachine sm, StandaloneEnvironment env, Map<String, String> settings) {
    Membership m = new Membership(1, List.of(new Member(SELF, "local", true)));
    return ReplicationProtocol.find("solo").orElseThrow().open(new GroupSpec(GroupId.of("g"), SELF, m, settings), sm, env);
  }

  private static ByteBuffer value(long v) {
    return ByteBuffer.allocate(8).putLong(0, v);
  }

  @Test
  void proposalsFromManyThreadsApplyOnceEachInLogOrder() throws Exception {
    SumMachine sm = new SumMachine();
    try (StandaloneEnvironment env = new StandaloneEnvironment(dir, scheduler)) {
      ReplicaGroup g = open(sm, env, Map.of());
      List<Thread> threads = new ArrayList<>();
      List<CompletableFuture<Object>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < 4; t++) {
        Thread th = new Thread(() -> {
          for (int i = 0; i < 500; i++) {
            futures.add(g.propose(value(1)));
          }
        });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      List<Long> results = new ArrayList<>();
      for (CompletableFuture<Object> f : futures) {
        results.add((Long) f.get(10, TimeUnit.SECONDS));
      }
      // each result is the running sum after that entry: 2,000 distinct values 1..2000
      assertThat(results).doesNotHaveDuplicates().hasSize(2000);
      assertThat(sm.sum).isEqualTo(2000);
      assertThat(sm.applied).isEqualTo(2000);
      assertThat(g.readBarrier().get()).isEqualTo(2000);
      g.close();
    }
  }

  /** Records the values it applies, in order. */
  static final class OrderMachine implements StateMachine {
    final List<Long> order = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile long applied;

    @Override
    public Object apply(long index, ByteBuffer entry) {
      order.add(entry.getLong(entry.position()));
      applied = index;
      return index;
    }

    @Override
    public long lastApplied() {
      return applied;
    }

    @Override
    public Snapshot snapshot() {
      return Snapshot.ofBytes(applied, new byte[0]);
    }

    @Override
    public void restore(Snapshot s) {
      throw new UnsupportedOperationException();
    }
  }

  /**
   * A standalone server proposes on the group's own thread (its event loop), other threads rarely
   * (the expiry cycle): the first queue without atomic operations, the second concurrent. A
   * proposal another thread made before one of the loop's is applied before it, and the loop's
   * keep their order.
   */
  @Test
  void proposalsOnTheGroupsThreadKeepTheirOrderAfterWhatOtherThreadsProposedBefore() throws Exception {
    OrderMachine sm = new OrderMachine();
    try (StandaloneEnvironment env = new StandaloneEnvironment(dir, scheduler)) {
      Membership m = new Membership(1, List.of(new Member(SELF, "local", true)));
      ReplicaGroup g = ReplicationProtocol.find("solo").orElseThrow().open(new GroupSpec(GroupId.of("g"), SELF, m, Map.of()), sm, env);
      List<CompletableFuture<Object>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int round = 0; round < 50; round++) {
        long base = round * 10L;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch proposed = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new RuntimeException(e);
          }
          futures.add(g.propose(value(1_000_000 + base))); // while the loop's first is not yet drained
          proposed.countDown();
        });
        other.start();
        CompletableFuture<Void> task = new CompletableFuture<>();
        scheduler.execute(() -> {
          try {
            futures.add(g.propose(value(base)));
            go.countDown();
            proposed.await();
            futures.add(g.propose(value(base + 1))); // after the other thread's, which it waited for
            futures.add(g.propose(value(base + 2)));
            task.complete(null);
          } catch (Throwable e) {
            task.completeExceptionally(e);
          }
        });
        task.get(10, TimeUnit.SECONDS);
        other.join();
      }
      for (CompletableFuture<Object> f : futures) {
        f.get(10, TimeUnit.SECONDS);
      }
      List<Long> order = new ArrayList<>(sm.order);
      assertThat(order).hasSize(200);
      for (int round = 0; round < 50; round++) {
        long base = round * 10L;
        int first = order.indexOf(base);
        int fromOther = order.indexOf(1_000_000 + base);
        int second = order.indexOf(base + 1);
        int third = order.indexOf(base + 2);
        assertThat(first).as("round %d", round).isLessThan(second);
        assertThat(second).as("round %d", round).isLessThan(third);
        assertThat(fromOther).as("round %d: proposed before the loop's second", round).isLessThan(second);
      }
      g.close();
    }
  }

  /**
   * A standalone node has no follower to send its entries to, and applies each as it becomes
   * durable: its log keeps none in memory afterwards. (Kept, 32 MiB of them outlived every young
   * collection and were copied by each — pauses of 20-40 ms at pipeline 16.)
   */
  @Test
  void theLogKeepsNoEntryInMemoryOnceApplied() throws Exception {
    SumMachine sm = new SumMachine();
    try (StandaloneEnvironment env = new StandaloneEnvironment(dir, scheduler)) {
      ReplicaGroup g = open(sm, env, Map.of());
      for (int i = 1; i <= 200; i++) {
        g.propose(value(i)).get(10, TimeUnit.SECONDS);
      }
      assertThat(g.readBarrier().get(10, TimeUnit.SECONDS)).isEqualTo(200);
      CompletableFuture<Long> cached = new CompletableFuture<>();
      scheduler.execute(() -> cached.complete(((io.pacraft.replication.log.SegmentedLogStore) env.logStore()).cachedBytes()));
      assertThat(cached.get(10, TimeUnit.SECONDS)).isZero();
      g.close();
    }
  }

  /**
   * After {@code solo-compact-entries} the log is cut behind a snapshot; after a crash the state
   * machine comes back at its snapshot and the log replays exactly what followed it.
   */
  @Test
  void theLogIsCompactedBehindSnapshotsAndARestartReplaysTheRest() throws Exception {
    SumMachine sm = new SumMachine();
    try (StandaloneEnvironment env = new StandaloneEnvironment(dir, scheduler)) {
      ReplicaGroup g = open(sm, env, Map.of("solo-compact-entries", "100"));
      for (int i = 1; i <= 250; i++) {
        g.propose(value(i)).get(10, TimeUnit.SECONDS);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (Long.parseLong(g.status().get("log_first_index")) <= 100 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(Long.parseLong(g.status().get("log_first_index"))).as("compacted behind the snapshot at 200").isGreaterThan(100);
      assertThat(sm.durableApplied).isEqualTo(200);
      assertThat(g.status())
          .containsEntry("role", "leader")
          .containsEntry("applied_index", "250")
          .containsEntry("log_last_index", "250")
          .containsEntry("snapshot_index", "200")
          .containsKey("log_size_bytes");
      g.close();
    }
    SumMachine back = sm.afterCrash(); // entries 201..250 were applied but not snapshotted
    try (StandaloneEnvironment env = new StandaloneEnvironment(dir, scheduler)) {
      ReplicaGroup g = open(back, env, Map.of("solo-compact-entries", "100"));
      assertThat(back.applied).isEqualTo(250);
      assertThat(back.sum).isEqualTo(250L * 251 / 2);
      assertThat(g.propose(value(1000)).get(10, TimeUnit.SECONDS)).isEqualTo(250L * 251 / 2 + 1000);
      g.close();
    }
  }

  /**
   * When the log cannot be synced, the write that was waiting ends indeterminate (it may be on
   * disk), later writes are refused at once with the disk's reason, nothing unsynced is applied,
   * reads still see what was, and a restart on a working disk serves on.
   */
  @Test
  void aFailingLogRefusesWritesAndKeepsWhatWasApplied() throws Exception {
    SumMachine sm = new SumMachine();
    FullDisk disk = new FullDisk(StandaloneEnvironment.logDisk(dir));
    try (StandaloneEnvironment env = new StandaloneEnvironment(disk, scheduler)) {
      ReplicaGroup g = open(sm, env, Map.of());
      assertThat(g.propose(value(5)).get(10, TimeUnit.SECONDS)).isEqualTo(5L);
      assertThat(g.status()).containsEntry("log_write_status", "ok");
      disk.fill();
      CompletableFuture<Object> inFlight = g.propose(value(7));
      assertThatThrownBy(() -> inFlight.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IndeterminateException.class)
          .hasMessageContaining("No space left on device");
      assertThatThrownBy(() -> g.propose(value(11)).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(LogFailedException.class)
          .hasMessageContaining("No space left on device");
      assertThat(sm.sum).as("nothing unsynced was applied").isEqualTo(5);
      assertThat(g.readBarrier().get(10, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(g.status()).containsEntry("log_write_status", "err");
      g.close();
    }
    SumMachine back = sm.afterCrash();
    try (StandaloneEnvironment env = new StandaloneEnvironment(dir, scheduler)) {
      ReplicaGroup g = open(back, env, Map.of());
      long after = back.sum; // 5, or 12 if the failed sync's record reached the file anyway
      assertThat(after).isIn(5L, 12L);
      assertThat(g.propose(value(100)).get(10, TimeUnit.SECONDS)).isEqualTo(after + 100);
      g.close();
    }
  }
}
