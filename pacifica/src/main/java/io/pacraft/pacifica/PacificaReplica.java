package io.pacraft.pacifica;

import io.pacraft.replication.Clock;
import io.pacraft.replication.Environment;
import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.Membership;
import io.pacraft.replication.MembershipChange;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.NotLeaderException;
import io.pacraft.replication.ProposalQueue;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.Role;
import io.pacraft.replication.Scheduler;
import io.pacraft.replication.StateMachine;
import io.pacraft.replication.Transport;
import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.log.LogStore;
import io.pacraft.replication.log.LogStoreOptions;
import io.pacraft.replication.log.SegmentedLogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PacificA replica as other modules see it: every call hops onto the group's scheduler, where
 * {@link PacificaCore} runs; proposals from any thread are queued and prepared in batches.
 *
 * <p>Its configuration manager is the environment's ({@link Environment#configurationStore()}: on
 * a cluster node, the meta group) when the environment has one. Otherwise (the simulator) it
 * embeds one: a {@link ConfigManager} replicated by another protocol (Raft unless {@code
 * cm-protocol} says otherwise) over the same members, on channel 1 of the group's transport, with
 * its log in the files {@code cm-*} of the group's disk.
 */
final class PacificaReplica implements ReplicaGroup {
  private static final Logger LOG = LoggerFactory.getLogger(PacificaReplica.class);

  private final GroupSpec spec;
  private final Environment env;
  private final PacificaCore core;
  private final ReplicaGroup cm;
  private final ConfigManager machine;
  private final LogStore cmLog;
  private final ProposalQueue proposals;
  private volatile boolean closed;

  private record CmEnvironment(Transport transport, LogStore logStore, Disk disk, Clock clock, Scheduler scheduler, Executor applier, Random random)
      implements Environment {}

  PacificaReplica(GroupSpec spec, StateMachine sm, Environment env, Set<Defect> defects) {
    this.spec = spec;
    this.env = env;
    PacificaSettings settings = PacificaSettings.from(spec, !defects.contains(Defect.SKIP_TIMING_VALIDATION));
    Channels channels = new Channels(env.transport());
    Transport data = channels.channel(Channels.DATA);
    io.pacraft.replication.ConfigurationStore manager = managerOf(env);
    if (manager != null) {
      // The environment has a configuration manager (a node's meta group): no embedded one.
      this.machine = null;
      this.cm = null;
      this.cmLog = null;
      this.core = new PacificaCore(spec, settings, sm, env, data, null, manager, defects);
    } else {
      ReplicationProtocol cmProtocol =
          ReplicationProtocol.find(settings.cmProtocol())
              .orElseThrow(() -> new IllegalArgumentException("cm-protocol " + settings.cmProtocol() + " is not on the class path"));
      Disk cmDisk = new PrefixedDisk(env.disk(), "cm-");
      try {
        this.cmLog = SegmentedLogStore.openDeterministic(cmDisk, env.scheduler(), LogStoreOptions.defaults().withSyncDelayNanos(settings.cmSyncDelayUs() * 1000).withPreallocate(false));
      } catch (IOException e) {
        throw new UncheckedIOException("could not open the configuration manager's log", e);
      }
      this.machine =
          new ConfigManager(Map.of(spec.group().name(), PacificaCore.bootstrapConfig(spec.bootstrap())), defects.contains(Defect.CM_ACCEPTS_STALE_VERSION));
      GroupSpec cmSpec =
          new GroupSpec(
              GroupId.of(spec.group().name() + "-cm"),
              spec.self(),
              spec.bootstrap(),
              Map.of(
                  "election-timeout-ms", Long.toString(settings.cmElectionTimeoutMs()),
                  "heartbeat-interval-ms", Long.toString(settings.cmHeartbeatIntervalMs()),
                  "clock-drift-bound-ms", Long.toString(settings.clockDriftBoundMs()),
                  "snapshot-entries", Long.toString(Long.MAX_VALUE / 2)));
      this.cm = cmProtocol.open(cmSpec, machine, new CmEnvironment(channels.channel(Channels.CM_RAFT), cmLog, cmDisk, env.clock(), env.scheduler(), env.applier(), env.random()));
      this.core = new PacificaCore(spec, settings, sm, env, data, cm, null, defects);
    }
    this.proposals = new ProposalQueue(env.scheduler(), core::propose);
    core.completer = proposals::whileCompleting;
    data.onMessage((from, message) -> {
      if (!closed) {
        core.receive(from, message);
      }
    });
    onScheduler(core::start);
    // A replica whose log cannot be written stops (fail-stop): its beacons and acknowledgements
    // cease, so the configuration manager replaces it; its pending proposals end indeterminate.
    env.logStore().onFailure(e -> {
      LOG.error("{}: the log cannot be written ({}): this replica stops", spec.group(), e.toString());
      close();
    });
  }

  /** The environment's configuration manager, or null when it has none (the simulator's). */
  private static io.pacraft.replication.ConfigurationStore managerOf(Environment env) {
    try {
      return env.configurationStore();
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  private void onScheduler(Runnable r) {
    ProposalQueue.runOn(env.scheduler(), r);
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
    return proposals.offer(entry);
  }

  @Override
  public CompletableFuture<Long> readBarrier() {
    long index = leaseReadIndex();
    if (index >= 0) {
      return CompletableFuture.completedFuture(index);
    }
    return ProposalQueue.askOn(env.scheduler(), f -> core.readBarrier(f));
  }

  /**
   * The fast path of {@link #readBarrier()}: while the primary's published lease holds on this
   * thread's clock, the published commit point, answered without a trip through the scheduler
   * (see PacificaCore#publishReadState); -1 otherwise. No side effects, so the simulator's lease
   * invariant asks it after every event.
   */
  long leaseReadIndex() {
    return core.publishedLease.readIndex(env.clock());
  }

  @Override
  public Role role() {
    return core.publishedRole;
  }

  @Override
  public Optional<NodeId> leader() {
    return Optional.ofNullable(core.publishedPrimary);
  }

  @Override
  public Membership membership() {
    return core.publishedMembership;
  }

  @Override
  public CompletableFuture<Void> changeMembership(MembershipChange change) {
    return ProposalQueue.askOn(env.scheduler(), f -> core.changeMembership(change, f));
  }

  @Override
  public CompletableFuture<Void> transferLeadership(NodeId to) {
    return ProposalQueue.askOn(env.scheduler(), f -> core.transferLeadership(to, f));
  }

  @Override
  public Map<String, String> status() {
    return ProposalQueue.callOn(env.scheduler(), core::status, "pacifica status");
  }

  @Override
  public void close() {
    closed = true;
    proposals.close();
    onScheduler(() -> {
      core.close(); // closes the embedded manager's replica too
      if (cmLog != null) {
        cmLog.close();
      }
    });
  }

  /** The core, for the simulator's invariants. */
  PacificaCore core() {
    return core;
  }

  /** The embedded configuration manager's replica, for the simulator. */
  ReplicaGroup configurationManager() {
    return cm;
  }

  /** This group's configuration as this node's copy of the configuration manager holds it. */
  GroupConfig configurationManagerState() {
    return machine.current(spec.group().name());
  }
}
