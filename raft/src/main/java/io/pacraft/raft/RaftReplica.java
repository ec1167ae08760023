package io.pacraft.raft;

import io.pacraft.replication.Environment;
import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.Membership;
import io.pacraft.replication.MembershipChange;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ProposalQueue;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.Role;
import io.pacraft.replication.StateMachine;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Raft replica as other modules see it: every call hops onto the group's scheduler, where {@link
 * RaftCore} runs. Proposals from any thread are queued and appended in batches, one log write and
 * one round of AppendEntries for all that arrived meanwhile.
 */
public final class RaftReplica implements ReplicaGroup {
  private static final Logger LOG = LoggerFactory.getLogger(RaftReplica.class);

  private final GroupSpec spec;
  private final Environment env;
  private final RaftCore core;
  private final ProposalQueue proposals;
  private volatile boolean closed;

  RaftReplica(GroupSpec spec, StateMachine sm, Environment env, Set<Defect> defects) {
    this.spec = spec;
    this.env = env;
    this.core = new RaftCore(spec, RaftSettings.from(spec), sm, env, defects);
    this.proposals = new ProposalQueue(env.scheduler(), core::propose);
    core.completer = proposals::whileCompleting;
    env.transport().onMessage((from, message) -> {
      if (!closed) {
        core.receive(from, message);
      }
    });
    onScheduler(core::start);
    // A replica whose log cannot be written stops (fail-stop, as etcd and TiKV do): it can no longer
    // promise durability for a vote or an entry. The others carry on without it; its pending
    // proposals end indeterminate.
    env.logStore().onFailure(e -> {
      LOG.error("{}: the log cannot be written ({}): this replica stops", spec.group(), e.toString());
      close();
    });
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
   * The fast path of {@link #readBarrier()}: while the leader's published lease holds on this
   * thread's clock, the published commit index, answered without a trip through the scheduler
   * (see RaftCore#publishReadState); -1 otherwise. No side effects, so the simulator's safety
   * check asks it after every event.
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
    return Optional.ofNullable(core.publishedLeader);
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
    return ProposalQueue.callOn(env.scheduler(), core::status, "raft status");
  }

  @Override
  public void close() {
    closed = true;
    proposals.close();
    onScheduler(core::close);
  }

  /** The core, for the simulator's invariants and scenario tests. */
  RaftCore core() {
    return core;
  }
}
