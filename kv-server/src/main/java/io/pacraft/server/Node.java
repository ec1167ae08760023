package io.pacraft.server;

import io.pacraft.replication.Clock;
import io.pacraft.replication.IndeterminateException;
import io.pacraft.replication.NotLeaderException;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.resp.RespValue;
import io.pacraft.server.client.ClientRegistry;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandFlag;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.CommandTable;
import io.pacraft.server.command.ConnectionCommand;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.config.ServerConfig;
import io.pacraft.server.state.KvStateMachine;
import io.pacraft.server.state.LogCommand;
import io.pacraft.server.stats.CommandStats;
import io.pacraft.server.stats.ServerStats;
import io.pacraft.server.stats.SlowLog;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
  private final ReplicaGroup group;
  private final Clock clock;
  private final ClientRegistry clients = new ClientRegistry();
  private final ServerStats stats = new ServerStats();
  private final SlowLog slowLog = new SlowLog();
  private final String runId;
  private final long startMillis = System.currentTimeMillis();
  private volatile long lastSaveSeconds = System.currentTimeMillis() / 1000;
  private volatile Runnable shutdownHandler = () -> {};
  private volatile int port;
  private volatile String protocolName = "solo";
  private volatile long slowerThanMicros;
  private volatile int slowLogMaxLen;

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
    sm.addListener(this::countExpired);
  }

  /** INFO's expired_keys: keys deleted because their time came, lazily or by the active cycle. */
  private void countExpired(long index, List<io.pacraft.server.storage.KeyEvent> events) {
    for (io.pacraft.server.storage.KeyEvent e : events) {
      if (e.typeClass() == 'x') {
        stats.expiredKeys.increment();
      }
    }
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

  public ReplicaGroup group() {
    return group;
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
    return config.getBoolean("cluster-enabled");
  }

  /** HELLO's and INFO's mode: standalone or cluster. */
  public String mode() {
    return clusterEnabled() ? "cluster" : "standalone";
  }

  /** master when this node leads its group, else slave (Redis' words). */
  public String roleName() {
    return group.role() == io.pacraft.replication.Role.LEADER ? "master" : "slave";
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
    f.put("role", roleName());
    int replicas = 0;
    for (io.pacraft.replication.Member m : group.membership().members()) {
      if (!m.id().equals(group.self())) {
        replicas++;
      }
    }
    f.put("connected_slaves", Integer.toString(replicas));
    f.put("master_failover_state", "no-failover");
    f.put("master_replid", runId);
    f.put("master_repl_offset", Long.toString(sm.lastApplied()));
    f.put("repl_backlog_active", "0");
    return f;
  }

  /**
   * INFO sections beyond Redis' own: the replication protocol's status under its name ({@code
   * solo}, {@code raft}, {@code pacifica}); null for an unknown section.
   */
  public java.util.Map<String, String> extraInfoSection(String name) {
    if (name.equals(protocolName)) {
      return new java.util.LinkedHashMap<>(group.status());
    }
    return null;
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

  /** Runs a resolved command for {@code session}; returns a reply or a stage of one. */
  public Object execute(ClientSession session, CommandSpec spec, CommandArgs args) {
    long start = System.nanoTime();
    CommandStats cs = stats.command(spec.fullName());
    Object result;
    try {
      if (spec.command() instanceof ConnectionCommand cc) {
        result = cc.run(session, args);
      } else {
        KeyspaceCommand kc = (KeyspaceCommand) spec.command();
        if (spec.isWrite()) {
          kc.check(args);
        }
        // a pipeline runs in order: reads see this connection's earlier writes, never later ones
        result =
            session.order().run(
                spec.isWrite(),
                () -> spec.isWrite() ? write(args.argv()) : read(session, spec, kc, args),
                session::execute);
      }
    } catch (CommandError e) {
      cs.calls.increment();
      cs.failed.increment(); // Redis' failed_calls: the command ran and answered an error
      stats.commandsProcessed.increment();
      stats.error(e.reply().prefix());
      throw e;
    }
    if (result instanceof CompletionStage<?> stage) {
      // the reply waits for the bookkeeping, so stats and the slow log are current when it arrives
      result = stage.whenComplete((v, t) -> finished(session, spec, args, cs, start, v, t));
    } else {
      finished(session, spec, args, cs, start, result, null);
    }
    return result;
  }

  private void finished(
      ClientSession session, CommandSpec spec, CommandArgs args, CommandStats cs, long start, Object v, Throwable t) {
    long micros = (System.nanoTime() - start) / 1000;
    cs.calls.increment();
    cs.micros.add(micros);
    stats.commandsProcessed.increment();
    if (t != null || v instanceof RespValue.Error) {
      cs.failed.increment();
      Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
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

  /** Proposes any log command. */
  @SuppressWarnings("unchecked")
  public CompletableFuture<RespValue> propose(LogCommand command) {
    CompletableFuture<Object> f = group.propose(ByteBuffer.wrap(command.encode()));
    return (CompletableFuture<RespValue>) (CompletableFuture<?>) f;
  }

  /** Runs a read after a read barrier; consistent multi-key reads use one snapshot. */
  public Object read(ClientSession session, CommandSpec spec, KeyspaceCommand kc, CommandArgs args) {
    CompletableFuture<Long> barrier = group.readBarrier();
    boolean consistent = !spec.has(CommandFlag.FAST) || spec.keyPositions(args.argv()).length > 1;
    if (barrier.isDone() && !barrier.isCompletedExceptionally() && sm.lastApplied() >= barrier.join()) {
      return readNow(session, kc, args, consistent, 0);
    }
    Executor loop = session::execute;
    return barrier
        .thenCompose(sm::awaitApplied)
        .thenComposeAsync(v -> asStage(readNow(session, kc, args, consistent, 0)), loop);
  }

  private Object readNow(ClientSession session, KeyspaceCommand kc, CommandArgs args, boolean consistent, int attempt) {
    List<byte[]> expired;
    RespValue reply;
    int hits;
    int misses;
    sm.readLock().lock();
    try (Keyspace ks = Keyspace.forRead(sm.store(), sm.lastTime(), clock.currentTimeMillis(), consistent, sm.counters())) {
      reply = kc.execute(ks, args);
      expired = ks.expiredByClock();
      hits = ks.hits();
      misses = ks.misses();
    } finally {
      sm.readLock().unlock();
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
    if (cause instanceof StorageException) {
      log.error("storage failure", cause);
      return RespValue.error("ERR " + cause.getMessage());
    }
    log.error("command failed", cause);
    return RespValue.error("ERR internal error: " + cause);
  }
}
