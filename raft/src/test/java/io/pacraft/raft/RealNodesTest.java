package io.pacraft.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.IndeterminateException;
import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.NotLeaderException;
import io.pacraft.replication.ReplicaGroup;
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

/** A 3-voter group on real threads, real segmented logs in temp dirs and the Netty bus on 127.0.0.1. */
class RealNodesTest {
  private static final GroupId GROUP = GroupId.of("shard-1");
  @TempDir Path dir;
  private final List<NodeTransport> transports = new ArrayList<>();
  private final NodeEnvironment[] envs = new NodeEnvironment[3];
  private final ReplicaGroup[] replicas = new ReplicaGroup[3];
  private final CountingMachine[] machines = new CountingMachine[3];
  private final FullDisk[] disks = new FullDisk[3];
  private Membership bootstrap;

  private void startTransports() throws Exception {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      NodeTransport t = NodeTransport.start(NodeId.of("n" + (i + 1)), new InetSocketAddress("127.0.0.1", 0), TransportOptions.defaults());
      transports.add(t);
      members.add(new Member(t.self(), "127.0.0.1:" + t.localAddress().getPort(), true));
    }
    bootstrap = new Membership(0, members);
  }

  /** Three voters on the bus; returns the index of the first leader. */
  private int startGroup() throws Exception {
    startTransports();
    for (int i = 0; i < 3; i++) {
      open(i);
    }
    return awaitLeader(-1);
  }

  private void open(int i) throws Exception {
    Path d = dir.resolve("n" + (i + 1));
    disks[i] = new FullDisk(new RealDisk(d.resolve("log")));
    envs[i] = NodeEnvironment.open(GROUP, d, transports.get(i), LogStoreOptions.defaults(), disks[i]);
    machines[i] = new CountingMachine();
    replicas[i] = new RaftProtocol().open(new GroupSpec(GROUP, transports.get(i).self(), bootstrap, Map.of()), machines[i], envs[i]);
  }

  private void stop(int i) {
    replicas[i].close();
    envs[i].close();
    replicas[i] = null;
  }

  @AfterEach
  void tearDown() {
    for (int i = 0; i < 3; i++) {
      if (replicas[i] != null) {
        stop(i);
      }
    }
    transports.forEach(NodeTransport::close);
  }

  private int awaitLeader(int except) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < 3; i++) {
        if (i != except && replicas[i] != null && replicas[i].role() == Role.LEADER) {
          return i;
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no leader within 15 s");
  }

  private static long write(ReplicaGroup g) throws Exception {
    return (Long) g.propose(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(10, TimeUnit.SECONDS);
  }

  @Test
  void electsCommitsFailsOverAndRecovers() throws Exception {
    int leader = startGroup();
    List<CompletableFuture<Object>> writes = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      writes.add(replicas[leader].propose(ByteBuffer.wrap(new byte[64])));
    }
    long last = 0;
    for (CompletableFuture<Object> w : writes) {
      last = Math.max(last, (Long) w.get(10, TimeUnit.SECONDS));
    }
    assertThat(last).isGreaterThanOrEqualTo(202);
    long barrier = replicas[leader].readBarrier().get(10, TimeUnit.SECONDS);
    assertThat(barrier).isGreaterThanOrEqualTo(last);
    Map<String, String> status = replicas[leader].status();
    assertThat(status.keySet()).startsWith("role", "term", "leader", "commit_index", "applied_index");
    assertThat(status.get("role")).isEqualTo("leader");

    int follower = (leader + 1) % 3;
    ExecutionException notLeader = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> replicas[follower].propose(ByteBuffer.wrap(new byte[1])).get(10, TimeUnit.SECONDS));
    assertThat(notLeader.getCause()).isInstanceOf(NotLeaderException.class);
    assertThatThrownBy(() -> replicas[follower].readBarrier().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(NotLeaderException.class);

    stop(leader);
    int next = awaitLeader(leader);
    long after = write(replicas[next]);
    assertThat(after).isGreaterThan(last);

    open(leader);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (machines[leader].lastApplied() < after && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(machines[leader].lastApplied()).as("restarted node caught up").isGreaterThanOrEqualTo(after);
    assertThat(replicas[leader].role()).isEqualTo(Role.FOLLOWER);
  }

  /**
   * A leader whose log cannot be synced stops (fail-stop): its waiting write ends indeterminate,
   * it no longer claims to lead, and the other two elect a leader that keeps every committed entry.
   */
  @Test
  void aLeaderWhoseDiskFailsStopsAndTheOthersCarryOn() throws Exception {
    int leader = startGroup();
    long committed = write(replicas[leader]);
    disks[leader].fill();
    CompletableFuture<Object> waiting = replicas[leader].propose(ByteBuffer.wrap(new byte[1]));
    try {
      waiting.get(10, TimeUnit.SECONDS); // the followers' syncs may commit it before the leader stops
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(IndeterminateException.class);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (replicas[leader].role() != Role.REMOVED && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(replicas[leader].role()).isEqualTo(Role.REMOVED);
    assertThat(replicas[leader].leader()).isEmpty();
    assertThatThrownBy(() -> replicas[leader].propose(ByteBuffer.wrap(new byte[1])).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    int next = awaitLeader(leader);
    long after = write(replicas[next]);
    assertThat(after).isGreaterThan(committed);
    assertThat(machines[next].lastApplied()).isGreaterThanOrEqualTo(after);
  }

  @Test
  void leadershipTransferMovesTheLeader() throws Exception {
    int leader = startGroup();
    write(replicas[leader]);
    int to = (leader + 2) % 3;
    replicas[leader].transferLeadership(transports.get(to).self()).get(10, TimeUnit.SECONDS);
    assertThat(awaitLeader(leader)).isEqualTo(to);
    assertThat(write(replicas[to])).isPositive();
  }

  @Test
  void rejectsUnknownAndInvalidSettings() throws Exception {
    startTransports();
    envs[0] = NodeEnvironment.open(GROUP, dir.resolve("bad"), transports.get(0));
    try {
      NodeId self = transports.get(0).self();
      assertThatThrownBy(() -> new RaftProtocol().open(new GroupSpec(GROUP, self, bootstrap, Map.of("election-timeout", "5")),
          new CountingMachine(), envs[0])).hasMessageContaining("unknown raft setting election-timeout");
      assertThatThrownBy(() -> new RaftProtocol().open(
          new GroupSpec(GROUP, self, bootstrap, Map.of("election-timeout-ms", "150", "heartbeat-interval-ms", "100")),
          new CountingMachine(), envs[0])).hasMessageContaining("at most half of election-timeout-ms");
      assertThatThrownBy(() -> new RaftProtocol().open(new GroupSpec(GROUP, self, bootstrap, Map.of("lease-reads", "maybe")),
          new CountingMachine(), envs[0])).hasMessageContaining("lease-reads must be yes or no");
    } finally {
      envs[0].close();
    }
  }
}
