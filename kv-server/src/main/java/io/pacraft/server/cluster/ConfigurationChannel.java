package io.pacraft.server.cluster;

import io.pacraft.replication.ConfigurationStore;
import io.pacraft.replication.ConfigurationStore.Outcome;
import io.pacraft.replication.GroupConfiguration;
import io.pacraft.replication.GroupId;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.Role;
import io.pacraft.replication.transport.NodeTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The configuration manager of PacificA shards as seen from any node: requests travel over the
 * cluster bus (node messages) to the meta group's leader, which reads its state after a read
 * barrier or proposes a compare-and-set entry ({@link MetaStateMachine#setConfiguration}), and
 * answers. A request that meets no leader, a non-leader or silence is sent again (to the leader
 * known then) every {@link #ATTEMPT_MILLIS} until a deadline ({@link #DEADLINE_MILLIS} by default) has passed; then its
 * future fails with a {@link TimeoutException}. Sending a compare-and-set twice is harmless: the
 * second finds the version moved and answers the configuration the first installed, accepted,
 * since the request id installed it.
 */
final class ConfigurationChannel implements ConfigurationStore {
  static final byte REQUEST = 2;
  static final byte REPLY = 3;
  private static final byte READ = 1;
  private static final byte CAS = 2;
  private static final byte OK = 0;
  private static final byte NONE = 1;
  private static final byte NOT_LEADER = 2;
  private static final byte FAILED = 3;
  private static final byte OK_ACCEPTED = 4;
  static final long ATTEMPT_MILLIS = 500;
  static final long DEADLINE_MILLIS = 5_000;

  private final NodeTransport transport;
  private final Supplier<ReplicaGroup> meta;
  private final Supplier<MetaStateMachine> metaSm;
  private final ScheduledExecutorService timer;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final long deadlineMillis;

  /** A request awaiting its reply. */
  private final class Pending {
    final long id;
    final byte[] request;
    final long deadline;
    final CompletableFuture<Optional<Outcome>> result = new CompletableFuture<>();

    Pending(long id, byte[] request) {
      this.id = id;
      this.request = request;
      this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
    }

    void attempt() {
      if (result.isDone()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        pending.remove(id);
        result.completeExceptionally(new TimeoutException("the configuration manager (meta group) did not answer in " + deadlineMillis + " ms"));
        return;
      }
      ReplicaGroup m = meta.get();
      Optional<NodeId> leader = m == null ? Optional.empty() : m.leader();
      leader.ifPresent(l -> transport.sendNodeMessage(l, ByteBuffer.wrap(request)));
      try {
        timer.schedule(this::attempt, ATTEMPT_MILLIS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        pending.remove(id);
        result.completeExceptionally(new IllegalStateException("the node is closing"));
      }
    }
  }

  ConfigurationChannel(
      NodeTransport transport, Supplier<ReplicaGroup> meta, Supplier<MetaStateMachine> metaSm, ScheduledExecutorService timer) {
    this(transport, meta, metaSm, timer, DEADLINE_MILLIS);
  }

  ConfigurationChannel(
      NodeTransport transport,
      Supplier<ReplicaGroup> meta,
      Supplier<MetaStateMachine> metaSm,
      ScheduledExecutorService timer,
      long deadlineMillis) {
    this.deadlineMillis = deadlineMillis;
    this.transport = transport;
    this.meta = meta;
    this.metaSm = metaSm;
    this.timer = timer;
  }

  @Override
  public CompletableFuture<Optional<GroupConfiguration>> read(GroupId group) {
    return send(READ, group, 0, 0, null).thenApply(o -> o.map(Outcome::current));
  }

  @Override
  public CompletableFuture<Outcome> compareAndSet(GroupId group, long expectedVersion, GroupConfiguration next, long requestId) {
    return send(CAS, group, expectedVersion, requestId, next)
        .thenApply(
            o -> o.orElseThrow(
                () -> new IllegalStateException("group " + group + " has no configuration at version " + expectedVersion)));
  }

  private CompletableFuture<Optional<Outcome>> send(byte op, GroupId group, long expected, long requestId, GroupConfiguration next) {
    long id = ids.incrementAndGet();
    byte[] g = group.name().getBytes(StandardCharsets.UTF_8);
    byte[] c = next == null ? new byte[0] : next.encode();
    byte[] request =
        ByteBuffer.allocate(1 + 8 + 1 + 4 + g.length + 8 + 8 + c.length)
            .put(REQUEST).putLong(id).put(op).putInt(g.length).put(g).putLong(expected).putLong(requestId).put(c)
            .array();
    Pending p = new Pending(id, request);
    pending.put(id, p);
    p.attempt();
    return p.result;
  }

  /** A node message of kind {@link #REQUEST} or {@link #REPLY} (the kind byte already read). */
  void onMessage(byte kind, NodeId from, ByteBuffer message) {
    if (kind == REPLY) {
      onReply(message);
    } else if (kind == REQUEST) {
      onRequest(from, message);
    }
  }

  private void onReply(ByteBuffer message) {
    long id = message.getLong();
    byte status = message.get();
    Pending p = pending.get(id);
    if (p == null) {
      return;
    }
    switch (status) {
      case OK, OK_ACCEPTED -> complete(p, Optional.of(new Outcome(GroupConfiguration.decode(message), status == OK_ACCEPTED)));
      case NONE -> complete(p, Optional.empty());
      case FAILED -> {
        pending.remove(id);
        byte[] why = new byte[message.remaining()];
        message.get(why);
        p.result.completeExceptionally(new IllegalStateException(new String(why, StandardCharsets.UTF_8)));
      }
      default -> { } // NOT_LEADER: the next attempt goes to the leader known then
    }
  }

  private void complete(Pending p, Optional<Outcome> c) {
    pending.remove(p.id);
    p.result.complete(c);
  }

  private void onRequest(NodeId from, ByteBuffer message) {
    long id = message.getLong();
    byte op = message.get();
    byte[] g = new byte[message.getInt()];
    message.get(g);
    GroupId group = GroupId.of(new String(g, StandardCharsets.UTF_8));
    long expected = message.getLong();
    long requestId = message.getLong();
    ReplicaGroup m = meta.get();
    MetaStateMachine sm = metaSm.get();
    if (m == null || sm == null || m.role() != Role.LEADER) {
      reply(from, id, NOT_LEADER, null);
      return;
    }
    CompletableFuture<Optional<Outcome>> answer;
    if (op == READ) {
      answer = m.readBarrier().thenCompose(sm::awaitApplied).thenApply(v -> sm.configuration(group).map(c -> new Outcome(c, false)));
    } else if (op == CAS) {
      GroupConfiguration next;
      try {
        next = GroupConfiguration.decode(message);
      } catch (RuntimeException e) {
        reply(from, id, FAILED, e.getMessage());
        return;
      }
      answer = m.propose(MetaStateMachine.setConfiguration(group, expected, next, requestId))
          .thenApply(r -> Optional.ofNullable((Outcome) r));
    } else {
      reply(from, id, FAILED, "unknown configuration request " + op);
      return;
    }
    answer.whenComplete(
        (c, t) -> {
          if (t != null) {
            // Not leader any more, or the fate of the proposal is unknown: the requester asks again.
            reply(from, id, NOT_LEADER, null);
          } else if (c.isPresent()) {
            reply(from, id, c.get().accepted() ? OK_ACCEPTED : OK, c.get().current());
          } else {
            reply(from, id, NONE, null);
          }
        });
  }

  private void reply(NodeId to, long id, byte status, Object body) {
    byte[] b =
        body instanceof GroupConfiguration c ? c.encode()
            : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    transport.sendNodeMessage(to, ByteBuffer.allocate(1 + 8 + 1 + b.length).put(REPLY).putLong(id).put(status).put(b).flip());
  }

  /** Fails every request still waiting (the node is closing). */
  void close() {
    for (Pending p : pending.values()) {
      p.result.completeExceptionally(new IllegalStateException("the node is closing"));
    }
    pending.clear();
  }
}
