package io.pacraft.pacifica;

import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.Role;
import io.pacraft.replication.Snapshot;
import io.pacraft.replication.StateMachine;
import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.disk.DiskFile;
import io.pacraft.replication.disk.ForwardingDisk;
import io.pacraft.replication.disk.RealDisk;
import io.pacraft.replication.log.LogStoreOptions;
import io.pacraft.replication.runtime.NodeEnvironment;
import io.pacraft.replication.transport.NodeTransport;
import io.pacraft.replication.transport.PeerStats;
import io.pacraft.replication.transport.TransportOptions;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raft and PacificA side by side: for each protocol named on the command line, a 3-replica group in
 * one JVM, each replica with its own segmented log on a real disk and its own Netty cluster bus on
 * 127.0.0.1; closed-loop proposers of 64-byte entries at the leader (primary); commit latency is
 * propose to future completion (committed and applied on the leader). Prints one Markdown table.
 * Run by bench/replication-bench.sh.
 */
public final class ReplicationBench {
  private static final GroupId GROUP = GroupId.of("bench");

  /**
   * One buffer of commit latencies for every run, allocated once: a fresh 160 MB array per run
   * made the collector pause in the middle of the runs it was meant to measure.
   */
  private static final long[] LATENCIES = new long[20_000_000];

  /**
   * {@code -Dbench.fsync=off} (the script's {@code FSYNC=off}): the logs' syncs do nothing, so the
   * table shows the protocols' own cost apart from the disk's. Durability is gone: a diagnosis,
   * never a result to compare with redis-server.
   */
  private static final boolean FSYNC = !"off".equals(System.getProperty("bench.fsync", "on"));

  /**
   * {@code -Dbench.preallocate=off} (the script's {@code PREALLOCATE=off}): segments grow as they
   * are written instead of being zero-filled ahead (docs/log-store.md#preallocated-segments).
   */
  private static final boolean PREALLOCATE = !"off".equals(System.getProperty("bench.preallocate", "on"));

  /** {@code -Dbench.cache-mib=N} (the script's {@code CACHE_MIB}): the logs' entry cache, default the store's. */
  private static final long CACHE_BYTES =
      Long.getLong("bench.cache-mib", LogStoreOptions.DEFAULT_CACHE_BYTES >> 20) << 20;

  /** File syncs issued by every replica's log, and those that took longer than {@link #SLOW_SYNC_NANOS}. */
  private static final AtomicLong SYNCS = new AtomicLong();

  private static final AtomicLong SLOW_SYNCS = new AtomicLong();
  private static final long SLOW_SYNC_NANOS = TimeUnit.MILLISECONDS.toNanos(3);

  /**
   * The log's disk, counting its file syncs and timing them; with {@code sync} false the syncs (file
   * and directory) return at once instead.
   */
  private static final class MeteredDisk extends ForwardingDisk {
    private final boolean sync;

    MeteredDisk(Disk disk, boolean sync) {
      super(disk);
      this.sync = sync;
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
      return new File(file) {
        @Override
        public void sync() throws IOException {
          SYNCS.incrementAndGet();
          if (sync) {
            long t0 = System.nanoTime();
            inner.sync();
            if (System.nanoTime() - t0 > SLOW_SYNC_NANOS) {
              SLOW_SYNCS.incrementAndGet();
            }
          }
        }
      };
    }

    @Override
    public void syncDirectory() throws IOException {
      if (sync) {
        inner.syncDirectory();
      }
    }
  }

  /** Counts entries; the bench measures replication, not a state machine. */
  static final class CountingMachine implements StateMachine {
    private volatile long applied;

    @Override
    public Object apply(long index, ByteBuffer entry) {
      applied = index;
      return index;
    }

    @Override
    public long lastApplied() {
      return applied;
    }

    /** An image of the count alone (Raft compacts its log every 100,000 entries). */
    @Override
    public Snapshot snapshot() {
      return Snapshot.ofBytes(applied, ByteBuffer.allocate(8).putLong(0, applied).array());
    }

    @Override
    public void restore(Snapshot s) {
      applied = s.lastIndex();
    }
  }

  /** Concurrencies to run, {@code -Dbench.proposers} (the script's {@code PROPOSERS}). */
  private static final int[] PROPOSERS =
      Arrays.stream(System.getProperty("bench.proposers", "1,16,256").split(",")).mapToInt(Integer::parseInt).toArray();

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<String> protocols = args.length > 2 ? List.of(args[2].split(",")) : List.of("raft", "pacifica");
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    // rounds alternate the protocols, so a slow spell of a shared machine hits both alike
    Map<String, List<List<Result>>> results = new java.util.LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (String protocol : protocols) {
        List<Result> r = bench(protocol, dir, seconds);
        results.computeIfAbsent(protocol, k -> new ArrayList<>()).add(r);
        for (int i = 0; i < PROPOSERS.length; i++) {
          System.err.printf("round %d: %s %d proposers: %s%n", round, protocol, PROPOSERS[i], r.get(i));
        }
      }
    }
    System.out.printf(
        "%d s per run after %d s of warm-up, median of %d rounds (each round runs every protocol once)%s%n%n",
        seconds,
        WARM_UP_SECONDS,
        rounds,
        (FSYNC ? "" : "; FSYNC OFF: logs never synced, not durable")
            + (PREALLOCATE ? "" : "; segments not preallocated"));
    System.out.println(
        "| protocol | proposers | entries/s | p50 commit ms | p99 commit ms | p99 of each round | commits > 5 ms | GC pauses (ms), all rounds | log syncs/s, 3 replicas | syncs > 3 ms, all rounds | bus messages per entry |");
    System.out.println("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, List<List<Result>>> e : results.entrySet()) {
      for (int i = 0; i < PROPOSERS.length; i++) {
        int at = i;
        List<Result> runs = e.getValue().stream().map(r -> r.get(at)).toList();
        StringBuilder each = new StringBuilder();
        long pauses = 0;
        long pauseMillis = 0;
        long slowSyncs = 0;
        for (Result r : runs) {
          slowSyncs += r.slowSyncs;
          each.append(each.length() == 0 ? "" : " / ").append(String.format("%.2f", r.p99Ms));
          pauses += r.gcPauses;
          pauseMillis += r.gcMillis;
        }
        System.out.printf(
            "| %s | %d | %,.0f | %.2f | %.2f | %s | %.2f %% | %d (%d) | %,.0f | %d | %.2f |%n",
            e.getKey(),
            PROPOSERS[i],
            median(runs.stream().mapToDouble(Result::perSecond).toArray()),
            median(runs.stream().mapToDouble(Result::p50Ms).toArray()),
            median(runs.stream().mapToDouble(Result::p99Ms).toArray()),
            each,
            median(runs.stream().mapToDouble(Result::over5MsPercent).toArray()),
            pauses,
            pauseMillis,
            median(runs.stream().mapToDouble(Result::syncsPerSecond).toArray()),
            slowSyncs,
            median(runs.stream().mapToDouble(Result::messagesPerEntry).toArray()));
      }
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * Seconds each concurrency runs before it is measured: with 1 s the JIT compiler still took a
   * quarter of a core (of two) during the measured seconds at 16 proposers.
   */
  private static final int WARM_UP_SECONDS = 3;

  /**
   * One fresh group of {@code protocol} — a protocol's name, optionally followed by group settings:
   * {@code pacifica:primary-sync=before-commit} — and one run per entry of {@link #PROPOSERS}, each
   * after a warm-up.
   */
  private static List<Result> bench(String protocol, Path dir, int seconds) throws Exception {
    String[] parts = protocol.split(":");
    Map<String, String> settings = new TreeMap<>();
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("a protocol's setting is name=value: " + parts[i]);
      }
      settings.put(kv[0], kv[1]);
    }
    ReplicationProtocol p = ReplicationProtocol.find(parts[0]).orElseThrow(() -> new IllegalArgumentException("no protocol " + parts[0]));
    Path base = Files.createTempDirectory(dir, parts[0] + "-bench");
    List<NodeTransport> transports = new ArrayList<>();
    List<NodeEnvironment> envs = new ArrayList<>();
    List<ReplicaGroup> replicas = new ArrayList<>();
    try {
      List<Member> members = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        NodeTransport t = NodeTransport.start(NodeId.of("n" + i), new InetSocketAddress("127.0.0.1", 0), TransportOptions.defaults());
        transports.add(t);
        members.add(new Member(t.self(), "127.0.0.1:" + t.localAddress().getPort(), true));
      }
      Membership bootstrap = new Membership(0, members);
      for (NodeTransport t : transports) {
        Path home = base.resolve(t.self().id());
        NodeEnvironment env =
            NodeEnvironment.open(GROUP, home, t, LogStoreOptions.defaults().withPreallocate(PREALLOCATE).withCacheBytes(CACHE_BYTES), new MeteredDisk(new RealDisk(home.resolve("log")), FSYNC));
        envs.add(env);
        replicas.add(p.open(new GroupSpec(GROUP, t.self(), bootstrap, settings), new CountingMachine(), env));
      }
      ReplicaGroup leader = awaitLeader(replicas);
      List<Result> results = new ArrayList<>();
      for (int n : PROPOSERS) {
        run(leader, transports, n, WARM_UP_SECONDS);
        results.add(run(leader, transports, n, seconds));
      }
      return results;
    } finally {
      for (ReplicaGroup g : replicas) {
        g.close();
      }
      Thread.sleep(200);
      for (NodeEnvironment e : envs) {
        e.close();
      }
      for (NodeTransport t : transports) {
        t.close();
      }
      deleteTree(base);
    }
  }

  private static ReplicaGroup awaitLeader(List<ReplicaGroup> replicas) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (ReplicaGroup g : replicas) {
        if (g.role() == Role.LEADER) {
          return g;
        }
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("no leader elected within 10 s");
  }

  /** Entries per second, commit latency percentiles, and the collector's pauses during the run. */
  private record Result(
      double perSecond, double p50Ms, double p99Ms, double over5MsPercent, long gcPauses, long gcMillis, double syncsPerSecond, long slowSyncs, double messagesPerEntry) {}

  private static long[] gcTotals() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  /** {@code proposers} closed loops, each proposing its next entry when the previous one commits. */
  private static Result run(ReplicaGroup leader, List<NodeTransport> transports, int proposers, int seconds) throws InterruptedException {
    long[] latencies = LATENCIES;
    AtomicInteger samples = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch done = new CountDownLatch(proposers);
    byte[] payload = new byte[64];
    long[] gcBefore = gcTotals();
    long syncsBefore = SYNCS.get();
    long slowBefore = SLOW_SYNCS.get();
    long messagesBefore = messagesSent(transports);
    long start = System.nanoTime();
    for (int i = 0; i < proposers; i++) {
      loop(leader, payload, end, latencies, samples, failures, done);
    }
    if (!done.await(seconds + 30L, TimeUnit.SECONDS)) {
      throw new IllegalStateException("proposers did not finish");
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] gcAfter = gcTotals();
    long syncs = SYNCS.get() - syncsBefore;
    long slow = SLOW_SYNCS.get() - slowBefore;
    long messages = messagesSent(transports) - messagesBefore;
    int n = Math.min(samples.get(), latencies.length);
    if (failures.get() > 0) {
      System.err.println(failures.get() + " proposals failed");
    }
    Arrays.sort(latencies, 0, n);
    long over5 = 0;
    for (int i = n - 1; i >= 0 && latencies[i] > 5_000_000L; i--) {
      over5++;
    }
    return new Result(
        n / elapsed,
        latencies[n / 2] / 1e6,
        latencies[(int) (n * 0.99)] / 1e6,
        n == 0 ? 0 : 100.0 * over5 / n,
        gcAfter[0] - gcBefore[0],
        gcAfter[1] - gcBefore[1],
        syncs / elapsed,
        slow,
        n == 0 ? 0 : (double) messages / n);
  }

  /** Messages the replicas' buses have written to their peers so far, over all three nodes. */
  private static long messagesSent(List<NodeTransport> transports) {
    long sent = 0;
    for (NodeTransport t : transports) {
      for (PeerStats s : t.stats().values()) {
        sent += s.messagesSent();
      }
    }
    return sent;
  }

  private static void loop(
      ReplicaGroup leader, byte[] payload, long end, long[] latencies, AtomicInteger samples, AtomicLong failures, CountDownLatch done) {
    long t0 = System.nanoTime();
    if (t0 >= end) {
      done.countDown();
      return;
    }
    leader.propose(ByteBuffer.wrap(payload)).whenComplete((r, e) -> {
      long t = System.nanoTime() - t0;
      if (e != null) {
        failures.incrementAndGet();
      } else {
        int i = samples.getAndIncrement();
        if (i < latencies.length) {
          latencies[i] = t;
        }
      }
      loop(leader, payload, end, latencies, samples, failures, done);
    });
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p)) {
      try (var s = Files.list(p)) {
        for (Path c : s.toList()) {
          deleteTree(c);
        }
      }
    }
    Files.deleteIfExists(p);
  }
}
