package io.pacraft.raft;

import io.pacraft.replication.Environment;
import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.Membership;
import io.pacraft.replication.MembershipChange;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.Role;
import io.pacraft.replication.StateMachine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Raft replica as other modules see it: every call hops onto the group's scheduler, where {@link
 * RaftCore} runs. Proposals from any thread are queued and appended in batches, one log write and
 * one round of AppendEntries for all that arrived meanwhile.
 */
public final class RaftReplica implements ReplicaGroup {
  private final GroupSpec spec;
  private final Environment env;
  private final RaftCore core;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private volatile boolean closed;

  private record Pending(byte[] payload, CompletableFuture<Object> future) {}

  RaftReplica(GroupSpec spec, StateMachine sm, Environment env, Set<Defect> defects) {
    this.spec = spec;
    this.env = env;
    this.core = new RaftCore(spec, RaftSettings.from(spec), sm, env, defects);
    env.transport().onMessage((from, message) -> {
      if (!closed) {
        core.receive(from, message);
      }
    });
    onScheduler(core::start);
  }

  private void onScheduler(Runnable r) {
    if (env.scheduler().inScheduler()) {
      r.run();
    } else {
      env.scheduler().execute(r);
    }
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
    entry.duplicate().get(payload);
    CompletableFuture<Object> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new io.pacraft.replication.NotLeaderException(Optional.empty()));
      return f;
    }
    queue.add(new Pending(payload, f));
    if (drainScheduled.compareAndSet(false, true)) {
      env.scheduler().execute(this::drain);
    }
    return f;
  }

  private void drain() {
    drainScheduled.set(false);
    List<byte[]> payloads = new ArrayList<>();
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    for (Pending p; (p = queue.poll()) != null; ) {
      payloads.add(p.payload());
      futures.add(p.future());
    }
    if (payloads.isEmpty()) {
      return;
    }
    if (closed) {
      for (CompletableFuture<Object> f : futures) {
        f.completeExceptionally(new io.pacraft.replication.NotLeaderException(Optional.empty()));
      }
      return;
    }
    core.propose(payloads, futures);
  }

  @Override
  public CompletableFuture<Long> readBarrier() {
    // Fast path: a current lease read on the caller's thread (see RaftCore#publishReadState).
    long until = core.publishedLeaseUntil;
    if (until != 0) {
      long index = core.publishedReadIndex;
      if (env.clock().nanoTime() < until && core.publishedLeaseUntil == until) {
        return CompletableFuture.completedFuture(index);
      }
    }
    CompletableFuture<Long> f = new CompletableFuture<>();
    onScheduler(() -> core.readBarrier(f));
    return f;
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
    CompletableFuture<Void> f = new CompletableFuture<>();
    onScheduler(() -> core.changeMembership(change, f));
    return f;
  }

  @Override
  public CompletableFuture<Void> transferLeadership(NodeId to) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    onScheduler(() -> core.transferLeadership(to, f));
    return f;
  }

  @Override
  public Map<String, String> status() {
    if (env.scheduler().inScheduler()) {
      return core.status();
    }
    CompletableFuture<Map<String, String>> f = new CompletableFuture<>();
    env.scheduler().execute(() -> f.complete(core.status()));
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("raft status unavailable: " + e, e);
    }
  }

  @Override
  public void close() {
    closed = true;
    onScheduler(core::close);
  }

  /** The core, for the simulator's invariants and scenario tests. */
  RaftCore core() {
    return core;
  }
}
