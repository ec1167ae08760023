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
import io.pacraft.replication.runtime.NodeEnvironment;
import io.pacraft.replication.transport.NodeTransport;
import io.pacraft.replication.transport.TransportOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<String> protocols = args.length > 2 ? List.of(args[2].split(",")) : List.of("raft", "pacifica");
    System.out.println("| protocol | proposers | entries/s | p50 commit ms | p99 commit ms |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (String protocol : protocols) {
      bench(protocol, dir, seconds);
    }
  }

  private static void bench(String protocol, Path dir, int seconds) throws Exception {
    ReplicationProtocol p = ReplicationProtocol.find(protocol).orElseThrow(() -> new IllegalArgumentException("no protocol " + protocol));
    Path base = Files.createTempDirectory(dir, protocol + "-bench");
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
        NodeEnvironment env = NodeEnvironment.open(GROUP, base.resolve(t.self().id()), t);
        envs.add(env);
        replicas.add(p.open(new GroupSpec(GROUP, t.self(), bootstrap, Map.of()), new CountingMachine(), env));
      }
      ReplicaGroup leader = awaitLeader(replicas);
      for (int n : new int[] {1, 16, 256}) {
        run(leader, n, 1);
        Result r = run(leader, n, seconds);
        System.out.printf("| %s | %d | %,.0f | %.2f | %.2f |%n", protocol, n, r.perSecond, r.p50Ms, r.p99Ms);
      }
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

  private record Result(double perSecond, double p50Ms, double p99Ms) {}

  /** {@code proposers} closed loops, each proposing its next entry when the previous one commits. */
  private static Result run(ReplicaGroup leader, int proposers, int seconds) throws InterruptedException {
    long[] latencies = new long[20_000_000];
    AtomicInteger samples = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch done = new CountDownLatch(proposers);
    byte[] payload = new byte[64];
    long start = System.nanoTime();
    for (int i = 0; i < proposers; i++) {
      loop(leader, payload, end, latencies, samples, failures, done);
    }
    if (!done.await(seconds + 30L, TimeUnit.SECONDS)) {
      throw new IllegalStateException("proposers did not finish");
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    int n = Math.min(samples.get(), latencies.length);
    if (failures.get() > 0) {
      System.err.println(failures.get() + " proposals failed");
    }
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    return new Result(n / elapsed, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6);
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
