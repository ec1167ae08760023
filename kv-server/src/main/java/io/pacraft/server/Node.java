package io.pacraft.server;

import io.pacraft.replication.Clock;
import io.pacraft.replication.IndeterminateException;
import io.pacraft.replication.LogFailedException;
import io.pacraft.replication.NotLeaderException;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.resp.RespValue;
import io.pacraft.server.blocking.BlockedClients;
import io.pacraft.server.client.ClientRegistry;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.command.BlockingCommand;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandFlag;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.CommandTable;
import io.pacraft.server.command.ConnectionCommand;
import io.pacraft.server.command.Deferred;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.config.ServerConfig;
import io.pacraft.server.notify.KeyspaceNotifier;
import io.pacraft.server.pubsub.PubSub;
import io.pacraft.server.state.AppliedReply;
import io.pacraft.server.state.KvStateMachine;
import io.pacraft.server.state.LogCommand;
import io.pacraft.server.state.WriteProbe;
import io.pacraft.server.stats.CommandStats;
import io.pacraft.server.stats.ServerStats;
import io.pacraft.server.stats.SlowLog;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node as commands see it: its configuration, command table, state machine and
 * replication group, clients and statistics; and the two paths every keyspace command takes —
 * writes proposed to the group and applied on every replica, reads served after a barrier.
 */
public final class Node {
  private static final Logger log = LoggerFactory.getLogger(Node.class);
  private static final int MAX_EXPIRE_RETRIES = 3;

  private final ServerConfig config;
  private final CommandTable table;
  private final KvStateMachine sm;
  private volatile ReplicaGroup group;
  private volatile io.pacraft.server.cluster.ClusterReplication cluster;
  private final Clock clock;
  private final ClientRegistry clients = new ClientRegistry();
  private final ServerStats stats = new ServerStats();
  private final SlowLog slowLog = new SlowLog();
  private final String runId;
  private final Router router = new Router(this);
  private final long startMillis = System.currentTimeMillis();
  private volatile long lastSaveSeconds = System.currentTimeMillis() / 1000;
  private volatile Runnable shutdownHandler = () -> {};
  private volatile int port;
  private volatile String protocolName = "solo";
  private volatile long slowerThanMicros;
  private volatile int slowLogMaxLen;
  private final PubSub pubsub = new PubSub();
  private final BlockedClients blocking;
  private final WriteProbe probe;

  public Node(ServerConfig config, CommandTable table, KvStateMachine sm, ReplicaGroup group, Clock clock) {
    this.config = config;
    this.table = table;
    this.sm = sm;
    this.group = group;
    this.clock = clock;
    byte[] id = new byte[20];
    ThreadLocalRandom.current().nextBytes(id);
    this.runId = java.util.HexFormat.of().formatHex(id);
    readSlowLogConfig();
    config.onChange((name, value) -> readSlowLogConfig());
    sm.onExpired(stats.expiredKeys::add);
    // Reactions to applied writes: blocked clients and keyspace notifications.
    this.blocking = new BlockedClients(this);
    this.probe = new WriteProbe(sm, this::group, clock);
    sm.addListener(blocking);
    sm.addListener(new KeyspaceNotifier(config, pubsub));
  }

  /** Publish/subscribe on this node. */
  public PubSub pubsub() {
    return pubsub;
  }

  /** Clients waiting in blocking commands. */
  public BlockedClients blocking() {
    return blocking;
  }

  private void readSlowLogConfig() {
    slowerThanMicros = config.getLong("slowlog-log-slower-than");
    slowLogMaxLen = (int) Math.min(Integer.MAX_VALUE, config.getLong("slowlog-max-len"));
  }

  public ServerConfig config() {
    return config;
  }

  public CommandTable table() {
    return table;
  }

  public KvStateMachine stateMachine() {
    return sm;
  }

  /** The group this node's data is replicated by; null on a cluster node not yet in a cluster. */
  public ReplicaGroup group() {
    return group;
  }

  public void group(ReplicaGroup g) {
    this.group = g;
  }

  /** The cluster side of a cluster-enabled node; null when standalone. */
  public io.pacraft.server.cluster.ClusterReplication cluster() {
    return cluster;
  }

  public void cluster(io.pacraft.server.cluster.ClusterReplication c) {
    this.cluster = c;
  }

  public ClientRegistry clients() {
    return clients;
  }

  public ServerStats stats() {
    return stats;
  }

  public SlowLog slowLog() {
    return slowLog;
  }

  public Clock clock() {
    return clock;
  }

  public String runId() {
    return runId;
  }

  public long startMillis() {
    return startMillis;
  }

  public int port() {
    return port;
  }

  public void port(int p) {
    this.port = p;
  }

  public boolean clusterEnabled() {
    return cluster != null;
  }

  /** HELLO's and INFO's mode: standalone or cluster. */
  public String mode() {
    return clusterEnabled() ? "cluster" : "standalone";
  }

  /** master when this node leads its group, else slave (Redis' words). */
  public String roleName() {
    ReplicaGroup g = group;
    return g == null || g.role() == io.pacraft.replication.Role.LEADER ? "master" : "slave";
  }

  /** The replication protocol this node's group runs (solo, raft, pacifica). */
  public String protocolName() {
    return protocolName;
  }

  public void protocolName(String name) {
    this.protocolName = name;
  }

  /** INFO replication, in Redis' field names. */
  public java.util.Map<String, String> replicationInfo() {
    java.util.Map<String, String> f = new java.util.LinkedHashMap<>();
    ReplicaGroup g = group;
    f.put("role", roleName());
    if (g != null && g.role() != io.pacraft.replication.Role.LEADER) {
      java.util.Optional<String> leader = g.leader().flatMap(this::clientAddress);
      f.put("master_host", leader.map(a -> a.substring(0, a.lastIndexOf(':'))).orElse("?"));
      f.put("master_port", leader.map(a -> a.substring(a.lastIndexOf(':') + 1)).orElse("0"));
      f.put("master_link_status", leader.isPresent() ? "up" : "down");
      f.put("slave_repl_offset", Long.toString(sm.lastApplied()));
      f.put("slave_read_only", "1");
    }
    int replicas = 0;
    if (g != null && g.role() == io.pacraft.replication.Role.LEADER) {
      for (io.pacraft.replication.Member m : g.membership().members()) {
        if (!m.id().equals(g.self())) {
          String addr = clientAddress(m.id()).orElse("?:0");
          f.put(
              "slave" + replicas,
              "ip=" + addr.substring(0, addr.lastIndexOf(':')) + ",port=" + addr.substring(addr.lastIndexOf(':') + 1)
                  + ",state=online,offset=" + sm.lastApplied() + ",lag=0");
          replicas++;
        }
      }
    }
    f.put("connected_slaves", Integer.toString(replicas));
    f.put("master_failover_state", "no-failover");
    f.put("master_replid", runId);
    f.put("master_repl_offset", Long.toString(sm.lastApplied()));
    f.put("repl_backlog_active", "0");
    return f;
  }

  /** Where clients reach {@code node}: this node's port, or the cluster map's address. */
  public java.util.Optional<String> clientAddress(io.pacraft.replication.NodeId node) {
    io.pacraft.server.cluster.ClusterReplication c = cluster;
    if (c == null) {
      return java.util.Optional.of(config.get("bind") + ":" + port);
    }
    return c.map().flatMap(m -> m.node(node)).map(io.pacraft.server.cluster.ClusterNode::clientAddress);
  }

  /**
   * INFO sections beyond Redis' own: the replication protocol's status under its name ({@code
   * solo}, {@code raft}, {@code pacifica}); null for an unknown section.
   */
  public java.util.Map<String, String> extraInfoSection(String name) {
    ReplicaGroup g = group;
    if (name.equals(protocolName) && g != null) {
      return new java.util.LinkedHashMap<>(g.status());
    }
    return null;
  }

  /** INFO's aof_last_write_status: {@code err} once this node's log could not be written. */
  public String logWriteStatus() {
    ReplicaGroup g = group;
    return g == null ? "ok" : g.status().getOrDefault("log_write_status", "ok");
  }

  public long lastSaveSeconds() {
    return lastSaveSeconds;
  }

  public void saved() {
    lastSaveSeconds = System.currentTimeMillis() / 1000;
  }

  public void onShutdown(Runnable handler) {
    this.shutdownHandler = handler;
  }

  /** SHUTDOWN: stops accepting work, finishes what is in flight, closes storage cleanly. */
  public void shutdown() {
    shutdownHandler.run();
  }

  // ------------------------------------------------------------------ execution

  /** Runs a resolved command for {@code session}; returns a reply, or a {@link Deferred} one. */
  public Object execute(ClientSession session, CommandSpec spec, CommandArgs args) {
    long start = session.commandStartNanos();
    CommandStats cs = stats.command(spec.fullName());
    ExecTime exec = new ExecTime();
    Object result;
    try {
      if (spec.command() instanceof ConnectionCommand cc) {
        result = cc.run(session, args);
      } else {
        KeyspaceCommand kc = (KeyspaceCommand) spec.command();
        Route route = router.route(session, spec, args);
        if (route.redirect() != null) {
          result = route.redirect();
        } else {
          if (spec.isWrite()) {
            kc.check(args);
          }
          // a pipeline runs in order: reads see this connection's earlier writes, never later ones
          result =
              session.order().run(
                  spec.isWrite(),
                  () -> {
                    long t0 = exec.inCall ? 0 : System.nanoTime(); // run inside the call: counted by it
                    try {
                      if (spec.isWrite()) {
                        if (kc instanceof BlockingCommand bc) {
                          return blocking.execute(session, spec, bc, args);
                        }
                        // a write that would change nothing is answered as a read (no log entry)
                        // (whether this connection's writes are settled walks them: asked only of candidates)
                        RespValue unchanged =
                            WriteProbe.probes(spec) && session.order().writesSettled() ? probe.tryAnswer(spec, kc, args) : null;
                        if (unchanged != null) {
                          return unchanged;
                        }
                        // run in the call: the time its read came in (one clock read per pipeline)
                        long now = exec.inCall ? session.readTimeMillis() : clock.currentTimeMillis();
                        return proposeRaw(LogCommand.command(now, ThreadLocalRandom.current().nextLong(), args.argv()));
                      }
                      return route.stale() ? readStale(kc, args, false) : read(session, spec, kc, args, exec);
                    } finally {
                      exec.later(t0); // run after earlier commands of the pipeline: its own time
                    }
                  },
                  session::execute);
        }
      }
    } catch (CommandError e) {
      session.commandEnded(System.nanoTime());
      cs.calls.increment();
      cs.failed.increment(); // Redis' failed_calls: the command ran and answered an error
      stats.commandsProcessed.increment();
      stats.error(e.reply().prefix());
      throw e;
    }
    long end = System.nanoTime();
    session.commandEnded(end);
    long callNanos = end - start;
    exec.inCall = false;
    if (result instanceof CompletionStage<?> stage) {
      // One stage settles it all: a write's applied reply unwrapped, "not the leader" turned into
      // the redirect a cluster client follows, and the bookkeeping done before the reply goes out,
      // so that stats and the slow log are current when it arrives.
      // (a connection command's stage, EXEC's say, answers "not the leader" as an error)
      boolean redirects = !(spec.command() instanceof ConnectionCommand);
      result =
          new Deferred(
              stage,
              (v, t) -> {
                Object reply = v;
                Throwable failure = t;
                long applied = 0;
                if (reply instanceof AppliedReply a) {
                  applied = a.nanos();
                  reply = a.reply();
                }
                if (failure != null && redirects && cause(failure) instanceof NotLeaderException nl) {
                  reply = router.notLeader(spec, args, nl.leader());
                  failure = null;
                }
                finished(session, spec, args, cs, callNanos + exec.laterNanos + applied, reply, failure);
                if (failure != null) {
                  throw failure instanceof CompletionException ce ? ce : new CompletionException(failure);
                }
                return reply;
              });
    } else {
      finished(session, spec, args, cs, callNanos, result, null);
    }
    return result;
  }

  /**
   * What a command spends executing on this node, as Redis' SLOWLOG and commandstats count it: its
   * call here, the part of it that runs later (after earlier commands of its pipeline, or a read
   * after its barrier) and applying its log entry — not the waits in between: for the log to be
   * durable and replicated, for a read barrier, for a blocked command's keys.
   */
  static final class ExecTime {
    /** Set while {@link #execute} runs: what runs inside it is counted by the call's own time. */
    boolean inCall = true;
    /** Connection's thread only. */
    long laterNanos;

    /** A step that started at {@code t0} on the connection's thread ends now. */
    void later(long t0) {
      if (!inCall) {
        laterNanos += System.nanoTime() - t0;
      }
    }
  }

  private void finished(
      ClientSession session, CommandSpec spec, CommandArgs args, CommandStats cs, long nanos, Object v, Throwable t) {
    long micros = nanos / 1000;
    cs.calls.increment();
    cs.micros.add(micros);
    stats.commandsProcessed.increment();
    if (t != null || v instanceof RespValue.Error) {
      cs.failed.increment();
      Throwable cause = cause(t);
      if (v instanceof RespValue.Error err) {
        stats.error(err.prefix());
      } else if (cause instanceof CommandError ce) {
        stats.error(ce.reply().prefix());
      }
    }
    long threshold = slowerThanMicros;
    if (threshold >= 0 && micros >= threshold && !spec.has(CommandFlag.SKIP_SLOWLOG)) {
      slowLog.add(args.argv(), micros, session.addr(), session.name(), slowLogMaxLen);
    }
  }

  /** Proposes a write command; completes with its reply once applied. */
  public CompletableFuture<RespValue> write(byte[][] argv) {
    long seed = ThreadLocalRandom.current().nextLong();
    return propose(LogCommand.command(clock.currentTimeMillis(), seed, argv));
  }

  /**
   * The redirect a keyspace command would get on this node (MOVED, CROSSSLOT, CLUSTERDOWN...), or
   * null: MULTI checks each command as it queues it.
   */
  public RespValue redirect(ClientSession session, CommandSpec spec, CommandArgs args) {
    return router.route(session, spec, args).redirect();
  }

  /** Proposes any log command; completes with its reply once applied. */
  public CompletableFuture<RespValue> propose(LogCommand command) {
    return proposeRaw(command).thenApply(o -> ((AppliedReply) o).reply());
  }

  /** Proposes a log command; completes with the {@link AppliedReply} the state machine gave. */
  private CompletableFuture<Object> proposeRaw(LogCommand command) {
    ReplicaGroup g = group;
    if (g == null) {
      return CompletableFuture.failedFuture(new NotLeaderException(java.util.Optional.empty()));
    }
    return g.propose(ByteBuffer.wrap(command.encode()));
  }

  /**
   * Runs a read after a read barrier. It reads without a snapshot, through the record cache; if a
   * batch was written meanwhile (its reads might not agree), it runs again on a snapshot.
   */
  private Object read(ClientSession session, CommandSpec spec, KeyspaceCommand kc, CommandArgs args, ExecTime exec) {
    ReplicaGroup g = group;
    if (g == null) {
      return CompletableFuture.failedFuture(new NotLeaderException(java.util.Optional.empty()));
    }
    CompletableFuture<Long> barrier = g.readBarrier();
    if (barrier.isDone() && !barrier.isCompletedExceptionally() && sm.lastApplied() >= barrier.join()) {
      return readNow(session, kc, args, false, 0);
    }
    Executor loop = session::execute;
    return barrier
        .thenCompose(sm::awaitApplied)
        .thenComposeAsync(
            v -> {
              long t0 = System.nanoTime();
              try {
                return asStage(readNow(session, kc, args, false, 0));
              } finally {
                exec.later(t0);
              }
            },
            loop);
  }

  private Object readNow(ClientSession session, KeyspaceCommand kc, CommandArgs args, boolean consistent, int attempt) {
    List<byte[]> expired;
    RespValue reply;
    int hits;
    int misses;
    sm.readLock().lock();
    try (Keyspace ks = Keyspace.forRead(sm.store(), sm.lastTime(), clock.currentTimeMillis(), consistent, sm.counters())) {
      reply = settledReply(kc, ks, args, consistent, false);
      expired = ks.expiredByClock();
      hits = ks.hits();
      misses = ks.misses();
    } finally {
      sm.readLock().unlock();
    }
    if (reply == null) {
      return readNow(session, kc, args, true, attempt);
    }
    if (expired.isEmpty() || attempt >= MAX_EXPIRE_RETRIES) {
      stats.keyspaceHits.add(hits);
      stats.keyspaceMisses.add(misses);
      return reply;
    }
    // Keys the clock says have expired are deleted through the log first, and the read runs again
    // after that delete is applied, so the answer is one the log agrees with on every replica.
    Executor loop = session::execute;
    return propose(LogCommand.expire(clock.currentTimeMillis(), expired))
        .thenComposeAsync(v -> asStage(readNow(session, kc, args, consistent, attempt + 1)), loop);
  }

  /**
   * A read served from this replica's state without a barrier (READONLY on a follower, as on a
   * Redis replica): possibly stale, never ahead of the log. Keys the clock says have expired are
   * hidden, as a Redis replica hides them.
   */
  private RespValue readStale(KeyspaceCommand kc, CommandArgs args, boolean consistent) {
    long wall = clock.currentTimeMillis();
    sm.readLock().lock();
    try (Keyspace ks = Keyspace.forRead(sm.store(), Math.max(wall, sm.lastTime()), wall, consistent, sm.counters())) {
      RespValue reply = settledReply(kc, ks, args, consistent, true);
      if (reply != null) {
        return reply;
      }
    } finally {
      sm.readLock().unlock();
    }
    return readStale(kc, args, true); // a batch was written while it read: again, on a snapshot
  }

  /**
   * {@code kc}'s reply on {@code ks} ({@code stale}: as a stale read runs it, without WRONGTYPE's
   * translation), or null when {@code ks} read without a snapshot ({@code consistent} false) and a
   * batch was written meanwhile: its reads may not agree, so neither its reply nor an error it
   * raised then (a list's chunks deleted under it, say) counts, and the caller reads again on a
   * snapshot.
   */
  private static RespValue settledReply(KeyspaceCommand kc, Keyspace ks, CommandArgs args, boolean consistent, boolean stale) {
    RespValue reply;
    try {
      reply = stale ? kc.execute(ks, args) : KeyspaceCommand.run(kc, ks, args);
    } catch (RuntimeException e) {
      if (consistent || ks.settled()) {
        throw e;
      }
      return null;
    }
    return consistent || ks.settled() ? reply : null;
  }

  private static Throwable cause(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private static CompletionStage<RespValue> asStage(Object o) {
    if (o instanceof RespValue v) {
      return CompletableFuture.completedFuture(v);
    }
    @SuppressWarnings("unchecked")
    CompletionStage<RespValue> s = (CompletionStage<RespValue>) o;
    return s;
  }

  /** The error reply for a failure that is not a command error. */
  public RespValue errorReply(Throwable cause) {
    if (cause instanceof NotLeaderException) {
      return RespValue.error("READONLY You can't write against a read only replica.");
    }
    if (cause instanceof IndeterminateException) {
      return RespValue.error("ERR write outcome unknown: " + cause.getMessage());
    }
    if (cause instanceof LogFailedException) {
      // Redis' answer to writes once its append-only file cannot be written; the log is ours
      return RespValue.error("MISCONF Errors writing to the AOF file: " + cause.getMessage());
    }
    if (cause instanceof StorageException) {
      log.error("storage failure", cause);
      return RespValue.error("ERR " + cause.getMessage());
    }
    log.error("command failed", cause);
    return RespValue.error("ERR internal error: " + cause);
  }
}
