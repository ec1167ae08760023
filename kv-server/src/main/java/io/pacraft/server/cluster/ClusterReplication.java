package io.pacraft.server.cluster;

import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.runtime.NodeEnvironment;
import io.pacraft.replication.transport.NodeTransport;
import io.pacraft.replication.transport.TransportOptions;
import io.pacraft.server.state.KvStateMachine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster-enabled node's replication: the cluster bus, the meta group (Raft, holding the cluster
 * map) and this node's shard group (Raft or PacificA, under the RocksDB state machine). Until the
 * node is bootstrapped ({@code CLUSTER BOOTSTRAP}) or joins ({@code CLUSTER JOIN}) it runs no
 * group. Which groups to open is kept in {@code dir/cluster-state}, so a restart resumes them.
 */
public final class ClusterReplication implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterReplication.class);
  public static final GroupId META = GroupId.of("meta");

  private final Path dir;
  private final NodeId self;
  private final String protocol;
  private final NodeTransport transport;
  private final KvStateMachine sm;
  private final Map<String, String> shardSettings;
  private final Map<String, String> metaSettings;
  private volatile NodeEnvironment metaEnv;
  private volatile NodeEnvironment shardEnv;
  private volatile ReplicaGroup meta;
  private volatile ReplicaGroup shard;
  private volatile MetaStateMachine metaSm;
  private volatile String shardId;
  private volatile ClusterMap localMap;
  private volatile boolean bootstrapping;
  private final java.util.concurrent.ScheduledExecutorService timer =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pacraft-cluster");
            t.setDaemon(true);
            return t;
          });
  private final List<Consumer<ReplicaGroup>> onShardOpen = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ConfigurationChannel configurations;

  public ClusterReplication(
      Path dir,
      NodeId self,
      String protocol,
      InetSocketAddress bus,
      KvStateMachine sm,
      Map<String, String> shardSettings,
      Map<String, String> metaSettings)
      throws IOException {
    this.dir = dir;
    this.self = self;
    this.protocol = protocol;
    this.sm = sm;
    this.shardSettings = shardSettings;
    this.metaSettings = metaSettings;
    if (ReplicationProtocol.find(protocol).isEmpty()) {
      throw new IOException("unknown replication protocol '" + protocol + "'");
    }
    this.transport = NodeTransport.start(self, bus, TransportOptions.defaults());
    this.configurations = new ConfigurationChannel(transport, () -> meta, () -> metaSm, timer);
    transport.onNodeMessage(Runnable::run, this::onNodeMessage);
    Path state = stateFile();
    if (Files.exists(state)) {
      String text = Files.readString(state, StandardCharsets.UTF_8);
      boolean bootstrap = text.startsWith("bootstrap\n");
      ClusterMap map = ClusterMap.decode(text.substring(text.indexOf('\n') + 1));
      openGroups(map, bootstrap);
    }
  }

  private Path stateFile() {
    return dir.resolve("cluster-state");
  }

  public NodeId self() {
    return self;
  }

  public String protocol() {
    return protocol;
  }

  public NodeTransport transport() {
    return transport;
  }

  /** True once this node runs its groups. */
  public boolean joined() {
    return shard != null;
  }

  /** The shard group, or null before the node joined a cluster. */
  public ReplicaGroup shard() {
    return shard;
  }

  public String shardId() {
    return shardId;
  }

  /** The meta group, or null before the node joined a cluster. */
  public ReplicaGroup meta() {
    return meta;
  }

  /**
   * The cluster map: as this node's meta replica knows it, or until that replica has applied one,
   * the map this node was bootstrapped or joined with.
   */
  public Optional<ClusterMap> map() {
    MetaStateMachine m = metaSm;
    ClusterMap applied = m == null ? null : m.map();
    return Optional.ofNullable(applied != null ? applied : localMap);
  }

  /** The meta state machine's own map (null before the bootstrap map is applied). */
  public Optional<ClusterMap> appliedMap() {
    MetaStateMachine m = metaSm;
    return m == null ? Optional.empty() : Optional.ofNullable(m.map());
  }

  /**
   * Proposes {@code next} as the cluster map if the current epoch is {@code expectedEpoch}: completes
   * with the new epoch, or fails with {@link io.pacraft.replication.NotLeaderException} on a node
   * that does not lead the meta group, or IllegalStateException if the epoch moved on.
   */
  public java.util.concurrent.CompletableFuture<Long> setMap(long expectedEpoch, ClusterMap next) {
    ReplicaGroup m = meta;
    if (m == null) {
      return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("this node is not part of a cluster"));
    }
    return m.propose(MetaStateMachine.setMap(expectedEpoch, next))
        .thenApply(
            r -> {
              if (r instanceof MetaStateMachine.StaleEpoch st) {
                throw new IllegalStateException("the cluster map changed meanwhile (epoch " + st.current() + ", expected " + expectedEpoch + ")");
              }
              return (Long) r;
            });
  }

  /** Called with the shard group once it is open (at start, bootstrap or join). */
  public void onShardOpen(Consumer<ReplicaGroup> c) {
    onShardOpen.add(c);
    if (shard != null) {
      c.accept(shard);
    }
  }

  /**
   * Creates the cluster on this node: every node of {@code map} gets the same map and opens its
   * groups with the map's members, so they elect leaders among themselves.
   */
  public synchronized void bootstrap(ClusterMap map) throws IOException {
    start(map, true);
  }

  /** Joins an existing cluster: the groups open empty and wait for their leaders to add this node. */
  public synchronized void join(ClusterMap map) throws IOException {
    start(map, false);
  }

  private void start(ClusterMap map, boolean bootstrap) throws IOException {
    if (joined()) {
      throw new IllegalStateException("ERR this node is already part of a cluster");
    }
    if (map.node(self).isEmpty()) {
      throw new IllegalArgumentException("ERR the cluster map does not name this node (" + self + ")");
    }
    Shard s = map.shardWith(self).orElseThrow(() -> new IllegalArgumentException("ERR the cluster map puts this node in no shard"));
    if (!s.protocol().equals(protocol)) {
      throw new IllegalArgumentException(
          "ERR this node was started with --protocol " + protocol + " but the cluster uses " + s.protocol());
    }
    Path tmp = dir.resolve("cluster-state.tmp");
    Files.writeString(tmp, (bootstrap ? "bootstrap\n" : "join\n") + map.encode(), StandardCharsets.UTF_8);
    Files.move(tmp, stateFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    openGroups(map, bootstrap);
  }

  private void openGroups(ClusterMap map, boolean bootstrap) throws IOException {
    for (ClusterNode n : map.nodes()) {
      transport.setPeerAddress(n.id(), n.busAddress());
    }
    Shard s = map.shardWith(self).orElseThrow(() -> new IOException("the cluster map puts this node in no shard"));
    // Meta group: the map's voters vote; every other node follows as a learner, so that every node
    // holds the cluster map.
    List<Member> metaMembers = new ArrayList<>();
    for (ClusterNode n : map.nodes()) {
      metaMembers.add(new Member(n.id(), n.busAddress(), map.metaVoters().contains(n.id())));
    }
    localMap = map;
    metaSm = new MetaStateMachine(dir.resolve("meta"));
    metaEnv = NodeEnvironment.open(META, dir.resolve("meta").resolve("replica"), transport);
    meta =
        ReplicationProtocol.find("raft")
            .orElseThrow(() -> new IOException("protocol 'raft' not on the class path"))
            .open(new GroupSpec(META, self, bootstrap ? new Membership(1, metaMembers) : Membership.empty(), metaSettings), metaSm, metaEnv);
    metaSm.onChange(this::mapChanged);

    List<Member> shardMembers = new ArrayList<>();
    for (NodeId id : s.members()) {
      ClusterNode n = map.node(id).orElseThrow(() -> new IOException("shard member " + id + " is not a node of the map"));
      shardMembers.add(new Member(id, n.busAddress(), true));
    }
    GroupId gid = GroupId.of(s.id());
    shardEnv = NodeEnvironment.open(gid, dir.resolve(s.id()).resolve("replica"), transport).withConfigurationStore(configurations);
    shard =
        ReplicationProtocol.find(protocol)
            .orElseThrow()
            .open(new GroupSpec(gid, self, bootstrap ? new Membership(1, shardMembers) : Membership.empty(), shardSettings), sm, shardEnv);
    shardId = s.id();
    log.info("{} opened groups meta and {} ({}, {})", self, s.id(), protocol, bootstrap ? "bootstrap" : "join");
    if (bootstrap && metaSm.map() == null) {
      // The bootstrap map becomes the meta log's first change, proposed by whichever bootstrap
      // node leads the meta group first (CAS from epoch 0: exactly one proposal applies).
      bootstrapping = true;
      timer.scheduleWithFixedDelay(() -> proposeBootstrapMap(map), 100, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    for (Consumer<ReplicaGroup> c : onShardOpen) {
      c.accept(shard);
    }
  }

  private static final byte TRANSFER_TO_ME = 1;

  /** Asks this shard's leader to hand leadership to this node (CLUSTER FAILOVER). */
  public void requestLeadership() {
    ReplicaGroup g = shard;
    if (g == null) {
      return;
    }
    g.leader().ifPresent(leader -> {
      byte[] gid = shardId.getBytes(StandardCharsets.UTF_8);
      transport.sendNodeMessage(leader, java.nio.ByteBuffer.allocate(1 + gid.length).put(TRANSFER_TO_ME).put(gid).flip());
    });
  }

  /** The configuration manager (the meta group) as PacificA shards on this node reach it. */
  public io.pacraft.replication.ConfigurationStore configurations() {
    return configurations;
  }

  private void onNodeMessage(NodeId from, java.nio.ByteBuffer message) {
    if (message.remaining() < 1) {
      return;
    }
    byte kind = message.get();
    if (kind == ConfigurationChannel.REQUEST || kind == ConfigurationChannel.REPLY) {
      configurations.onMessage(kind, from, message);
      return;
    }
    if (kind != TRANSFER_TO_ME) {
      return;
    }
    byte[] gid = new byte[message.remaining()];
    message.get(gid);
    ReplicaGroup g = shard;
    if (g != null && shardId.equals(new String(gid, StandardCharsets.UTF_8))) {
      g.transferLeadership(from)
          .whenComplete((v, t) -> {
            if (t != null) {
              log.warn("leadership transfer to {} failed: {}", from, t.toString());
            }
          });
    }
  }

  private void proposeBootstrapMap(ClusterMap map) {
    ReplicaGroup m = meta;
    if (!bootstrapping || m == null) {
      return;
    }
    if (metaSm.map() != null) {
      bootstrapping = false;
      throw new java.util.concurrent.CancellationException("bootstrap map applied"); // ends the schedule
    }
    if (m.role() == io.pacraft.replication.Role.LEADER) {
      m.propose(MetaStateMachine.setMap(0, map));
    }
  }

  private void mapChanged(ClusterMap map) {
    for (ClusterNode n : map.nodes()) {
      transport.setPeerAddress(n.id(), n.busAddress());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    configurations.close();
    if (shard != null) {
      shard.close();
    }
    if (meta != null) {
      meta.close();
    }
    if (shardEnv != null) {
      shardEnv.close();
    }
    if (metaEnv != null) {
      metaEnv.close();
    }
    transport.close();
  }
}
