package io.pacraft.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.replication.GroupConfiguration;
import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.MembershipChange;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.Role;
import io.pacraft.replication.runtime.NodeEnvironment;
import io.pacraft.replication.transport.NodeTransport;
import io.pacraft.replication.transport.TransportOptions;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes on real bus connections: A leads a meta group (a single-replica group over a real
 * log and the real meta state machine); B and C reach it through their configuration channels.
 */
class ConfigurationChannelTest {
  private static final GroupId SHARD = GroupId.of("shard-0");
  private static final NodeId A = NodeId.of("a".repeat(40));
  private static final NodeId B = NodeId.of("b".repeat(40));
  private static final NodeId C = NodeId.of("c".repeat(40));

  @TempDir Path dir;
  private final List<AutoCloseable> closers = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void close() throws Exception {
    for (int i = closers.size() - 1; i >= 0; i--) {
      closers.get(i).close();
    }
    timer.shutdownNow();
  }

  /** What a meta follower knows: who leads. */
  private static final class FollowerView implements ReplicaGroup {
    volatile Optional<NodeId> leader;
    final NodeId self;

    FollowerView(NodeId self, Optional<NodeId> leader) {
      this.self = self;
      this.leader = leader;
    }

    @Override public GroupId id() { return ClusterReplication.META; }
    @Override public NodeId self() { return self; }
    @Override public CompletableFuture<Object> propose(ByteBuffer entry) { throw new AssertionError("a follower proposes nothing"); }
    @Override public CompletableFuture<Long> readBarrier() { throw new AssertionError("a follower reads nothing"); }
    @Override public Role role() { return Role.FOLLOWER; }
    @Override public Optional<NodeId> leader() { return leader; }
    @Override public Membership membership() { return Membership.empty(); }
    @Override public CompletableFuture<Void> changeMembership(MembershipChange change) { throw new AssertionError(); }
    @Override public CompletableFuture<Void> transferLeadership(NodeId to) { throw new AssertionError(); }
    @Override public Map<String, String> status() { return Map.of(); }
    @Override public void close() {}
  }

  private record Node(NodeTransport transport, ConfigurationChannel channel) {}

  private Node node(NodeId id, ReplicaGroup meta, MetaStateMachine sm, long deadlineMillis) throws Exception {
    NodeTransport t = NodeTransport.start(id, new InetSocketAddress("127.0.0.1", 0), TransportOptions.defaults());
    closers.add(t);
    ConfigurationChannel ch = new ConfigurationChannel(t, () -> meta, () -> sm, timer, deadlineMillis);
    t.onNodeMessage(Runnable::run, (from, m) -> ch.onMessage(m.get(), from, m));
    return new Node(t, ch);
  }

  private static GroupConfiguration config(NodeId primary, NodeId... replicas) {
    return new GroupConfiguration(
        1, primary, java.util.Arrays.stream(replicas).map(n -> new Member(n, "127.0.0.1:1", true)).toList());
  }

  private static void connect(Node... nodes) {
    for (Node x : nodes) {
      for (Node y : nodes) {
        if (x != y) {
          InetSocketAddress a = y.transport.localAddress();
          x.transport.setPeerAddress(y.transport.self(), "127.0.0.1:" + a.getPort());
        }
      }
    }
  }

  @Test
  void followersChangeAndReadConfigurationsThroughTheMetaLeader() throws Exception {
    MetaStateMachine metaSm = new MetaStateMachine(dir.resolve("meta"));
    NodeTransport ta = NodeTransport.start(A, new InetSocketAddress("127.0.0.1", 0), TransportOptions.defaults());
    closers.add(ta);
    NodeEnvironment env = NodeEnvironment.open(ClusterReplication.META, dir.resolve("meta-log"), ta);
    closers.add(env);
    ReplicaGroup meta =
        ReplicationProtocol.find("solo").orElseThrow()
            .open(new GroupSpec(ClusterReplication.META, A, new Membership(1, List.of(new Member(A, "local", true))), Map.of()), metaSm, env);
    closers.add(meta::close);
    ConfigurationChannel chA = new ConfigurationChannel(ta, () -> meta, () -> metaSm, timer, 5_000);
    ta.onNodeMessage(Runnable::run, (from, m) -> chA.onMessage(m.get(), from, m));
    Node a = new Node(ta, chA);
    FollowerView viewB = new FollowerView(B, Optional.of(C)); // B first believes C leads
    Node b = node(B, viewB, null, 5_000);
    Node c = node(C, new FollowerView(C, Optional.of(A)), null, 5_000);
    connect(a, b, c);

    assertThat(c.channel.read(SHARD).get(5, TimeUnit.SECONDS)).isEmpty();
    var firstOutcome = c.channel.compareAndSet(SHARD, 0, config(A, A, B, C), 1).get(5, TimeUnit.SECONDS);
    assertThat(firstOutcome.accepted()).isTrue();
    GroupConfiguration first = firstOutcome.current();
    assertThat(first).isEqualTo(config(A, A, B, C).withVersion(1));

    // B asks C, which does not lead and says so; once B learns A leads, its request goes through.
    CompletableFuture<Optional<GroupConfiguration>> viaWrongLeader = b.channel.read(SHARD);
    Thread.sleep(200);
    assertThat(viaWrongLeader).isNotDone();
    viewB.leader = Optional.of(A);
    assertThat(viaWrongLeader.get(5, TimeUnit.SECONDS)).contains(first);

    // Two racing changes from version 1: exactly one wins, and both learn which.
    var promoteB = b.channel.compareAndSet(SHARD, 1, config(B, B, C), 2);
    var removeC = a.channel.compareAndSet(SHARD, 1, config(A, A, B), 3);
    var pbOutcome = promoteB.get(5, TimeUnit.SECONDS);
    var rcOutcome = removeC.get(5, TimeUnit.SECONDS);
    assertThat(pbOutcome.accepted()).isNotEqualTo(rcOutcome.accepted());
    GroupConfiguration pb = pbOutcome.current();
    assertThat(pb).isEqualTo(rcOutcome.current());
    assertThat(pb.version()).isEqualTo(2);
    assertThat(List.of(config(B, B, C).withVersion(2), config(A, A, B).withVersion(2))).contains(pb);
    assertThat(metaSm.configuration(SHARD)).contains(pb);
    assertThat(c.channel.read(SHARD).get(5, TimeUnit.SECONDS)).contains(pb);

    // A compare-and-set against a group without a configuration fails clearly.
    assertThatThrownBy(() -> c.channel.compareAndSet(GroupId.of("shard-9"), 4, config(C, C), 9).get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("has no configuration");
  }

  @Test
  void withNoMetaLeaderARequestTimesOut() throws Exception {
    Node b = node(B, new FollowerView(B, Optional.empty()), null, 1_200);
    assertThatThrownBy(() -> b.channel.read(SHARD).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TimeoutException.class);
  }
}
