package io.pacraft.pacifica;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.IndeterminateException;
import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.Role;
import io.pacraft.replication.disk.FullDisk;
import io.pacraft.replication.disk.RealDisk;
import io.pacraft.replication.log.LogStoreOptions;
import io.pacraft.replication.runtime.NodeEnvironment;
import io.pacraft.replication.transport.NodeTransport;
import io.pacraft.replication.transport.TransportOptions;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three PacificA replicas on real threads, disks and sockets (127.0.0.1, ephemeral ports), found by
 * name as kv-server will: writes commit on all, reads are served under the lease, and when the
 * primary's node goes away a secondary takes over and writes continue.
 */
class RealNodesTest {
  private static final GroupId GROUP = GroupId.of("g");
  private final List<NodeTransport> transports = new ArrayList<>();
  private final List<NodeEnvironment> envs = new ArrayList<>();
  private final List<ReplicaGroup> replicas = new ArrayList<>();
  private final List<ReplicationBench.CountingMachine> machines = new ArrayList<>();

  @AfterEach
  void stop() {
    for (ReplicaGroup g : replicas) {
      g.close();
    }
    for (NodeEnvironment e : envs) {
      e.close();
    }
    for (NodeTransport t : transports) {
      t.close();
    }
  }

  /** Three replicas on the bus, each log on a disk the test can fill; returns those disks. */
  private List<FullDisk> start(Path dir) throws Exception {
    ReplicationProtocol pacifica = ReplicationProtocol.find("pacifica").orElseThrow();
    List<Member> members = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      NodeTransport t = NodeTransport.start(NodeId.of("n" + i), new InetSocketAddress("127.0.0.1", 0), TransportOptions.defaults());
      transports.add(t);
      members.add(new Member(t.self(), "127.0.0.1:" + t.localAddress().getPort(), true));
    }
    List<FullDisk> disks = new ArrayList<>();
    for (NodeTransport t : transports) {
      Path d = dir.resolve(t.self().id());
      FullDisk disk = new FullDisk(new RealDisk(d.resolve("log")));
      disks.add(disk);
      NodeEnvironment env = NodeEnvironment.open(GROUP, d, t, LogStoreOptions.defaults(), disk);
      envs.add(env);
      ReplicationBench.CountingMachine m = new ReplicationBench.CountingMachine();
      machines.add(m);
      replicas.add(pacifica.open(new GroupSpec(GROUP, t.self(), new Membership(0, members), Map.of()), m, env));
    }
    return disks;
  }

  private ReplicaGroup awaitPrimary(List<ReplicaGroup> among) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      for (ReplicaGroup g : among) {
        if (g.role() == Role.LEADER) {
          return g;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no primary within 20 s");
  }

  private static Object write(ReplicaGroup g) throws Exception {
    return g.propose(ByteBuffer.allocate(8)).get(20, TimeUnit.SECONDS);
  }

  @Test
  void writesCommitEverywhereAndASecondaryTakesOverFromADeadPrimary(@TempDir Path dir) throws Exception {
    start(dir);
    ReplicaGroup primary = awaitPrimary(replicas);
    List<CompletableFuture<Object>> writes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      writes.add(primary.propose(ByteBuffer.allocate(8).putLong(0, i)));
    }
    long last = 0;
    for (CompletableFuture<Object> f : writes) {
      last = Math.max(last, (Long) f.get(20, TimeUnit.SECONDS));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && machines.stream().anyMatch(m -> m.lastApplied() < 201)) {
      Thread.sleep(10);
    }
    for (ReplicationBench.CountingMachine m : machines) {
      assertThat(m.lastApplied()).as("applied on every replica").isGreaterThanOrEqualTo(last);
    }
    Long barrier = null;
    for (int i = 0; i < 100 && barrier == null; i++) {
      try {
        barrier = primary.readBarrier().get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        Thread.sleep(20); // the lease is not established yet
      }
    }
    assertThat(barrier).isGreaterThanOrEqualTo(last);

    int p = replicas.indexOf(primary);
    replicas.remove(p).close();
    envs.remove(p).close();
    transports.remove(p).close();
    machines.remove(p);
    ReplicaGroup next = awaitPrimary(replicas);
    assertThat(next).isNotSameAs(primary);
    Object after = write(next);
    assertThat((Long) after).isGreaterThan(last);
    assertThat(next.membership().voters()).hasSize(2);
  }

  /**
   * A primary whose log cannot be written stops (fail-stop): it no longer claims to be primary, its
   * waiting write ends indeterminate (or commits, if every replica had it), and a secondary takes
   * over with the two survivors as the configuration.
   */
  @Test
  void aPrimaryWhoseDiskFailsStopsAndASecondaryTakesOver(@TempDir Path dir) throws Exception {
    List<FullDisk> disks = start(dir);
    ReplicaGroup primary = awaitPrimary(replicas);
    long committed = (Long) write(primary);
    int p = replicas.indexOf(primary);
    disks.get(p).fill();
    CompletableFuture<Object> waiting = primary.propose(ByteBuffer.allocate(8));
    try {
      waiting.get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(IndeterminateException.class);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (primary.role() != Role.REMOVED && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(primary.role()).isEqualTo(Role.REMOVED);
    List<ReplicaGroup> others = new ArrayList<>(replicas);
    others.remove(p);
    ReplicaGroup next = awaitPrimary(others);
    long after = (Long) write(next);
    assertThat(after).isGreaterThan(committed);
    assertThat(next.membership().voters()).hasSize(2);
  }
}
