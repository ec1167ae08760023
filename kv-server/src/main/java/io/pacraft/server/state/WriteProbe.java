package io.pacraft.server.state;

import io.pacraft.replication.Clock;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.resp.RespValue;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.ProbeWrite;
import io.pacraft.server.storage.StorageException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Answers a write that would change nothing (SADD of a member already there, SPOP of an empty set,
 * ZADD of an unchanged score, DEL of a missing key...) without a log entry, as Redis answers such
 * commands without an AOF write. The command runs against the applied state in a probing {@link
 * Keyspace}, which stops it at its first write or event; if it got to its reply, it was a read, and
 * its answer is linearizable exactly when a read served at that point would be: only when the read
 * barrier is already satisfied, and no batch was written to the database while it read (it reads
 * without a snapshot, which cost as much as its reads). The caller probes only when the client has
 * no write of its own still in flight (so a pipelined {@code SREM s a; SADD s a} is never answered
 * from the state before the SREM). Otherwise, or when it would write, the command is proposed as
 * usual.
 */
public final class WriteProbe {
  /**
   * Writes that are often no-ops (members already there or already gone, empty sets, missing
   * keys); the others, pops of non-empty lists and sorted sets included, are proposed without a
   * probe, which would only cost them a second execution.
   */
  private static final Set<String> CANDIDATES =
      Set.of(
          "sadd", "srem", "spop", "smove", "zadd", "zrem", "zremrangebyrank", "zremrangebyscore", "zremrangebylex",
          "hdel", "hsetnx", "lrem", "del", "unlink", "persist", "setnx", "getdel");

  private final KvStateMachine sm;
  private final Supplier<ReplicaGroup> group;
  private final Clock clock;

  /** {@code group}: the node's current group (a cluster node gets or changes it after start). */
  public WriteProbe(KvStateMachine sm, Supplier<ReplicaGroup> group, Clock clock) {
    this.sm = sm;
    this.group = group;
    this.clock = clock;
  }

  /** Whether {@code spec} is a write worth probing (the caller asks before it checks anything else). */
  public static boolean probes(CommandSpec spec) {
    return CANDIDATES.contains(spec.name());
  }

  /** The reply of a write that changes nothing, or null: propose it. */
  public RespValue tryAnswer(CommandSpec spec, KeyspaceCommand command, CommandArgs args) {
    if (!probes(spec)) {
      return null;
    }
    ReplicaGroup g = group.get();
    if (g == null) {
      return null;
    }
    CompletableFuture<Long> barrier = g.readBarrier();
    if (!barrier.isDone() || barrier.isCompletedExceptionally() || sm.lastApplied() < barrier.join()) {
      return null;
    }
    sm.readLock().lock();
    try (Keyspace ks =
        Keyspace.forProbe(
            sm.store(), sm.lastApplied() + 1, Math.max(sm.lastTime(), clock.currentTimeMillis()),
            ThreadLocalRandom.current().nextLong(), sm.counters().copy())) {
      RespValue reply = KeyspaceCommand.run(command, ks, args);
      return ks.settled() ? reply : null; // else a batch was written while it read
    } catch (ProbeWrite | CommandError | StorageException e) {
      return null; // it writes, or fails: let the log entry answer it
    } finally {
      sm.readLock().unlock();
    }
  }
}
