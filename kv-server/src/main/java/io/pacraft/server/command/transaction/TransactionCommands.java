package io.pacraft.server.command.transaction;

import static io.pacraft.server.command.CommandFlag.ALLOW_BUSY;
import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.LOADING;
import static io.pacraft.server.command.CommandFlag.NOSCRIPT;
import static io.pacraft.server.command.CommandFlag.SKIP_SLOWLOG;
import static io.pacraft.server.command.CommandFlag.STALE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.Node;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.client.Transaction;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.ConnectionCommand;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.command.Replies;
import io.pacraft.server.state.LogCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH. The keyspace commands of a transaction travel as one log
 * entry ({@link LogCommand#transaction}) and run atomically on every replica; the entry carries
 * each watched key with the applied index (and leader time) at which it was watched, and EXEC
 * aborts on every replica alike when one was modified, deleted or expired since.
 */
public final class TransactionCommands {
  private TransactionCommands() {}

  /** Commands that run at once inside MULTI instead of being queued (Redis' list). */
  private static final Set<String> NOT_QUEUED = Set.of("exec", "discard", "multi", "watch", "quit", "reset");

  public static List<CommandSpec> specs() {
    return List.of(
        tx("multi", 1, "1.2.0", "Mark the start of a transaction block.", "O(1)", TransactionCommands::multi)
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .build(),
        tx("exec", 1, "1.2.0", "Execute all commands issued after MULTI.", "Depends on commands in the transaction", TransactionCommands::exec)
            .flags(NOSCRIPT, LOADING, STALE, SKIP_SLOWLOG)
            .build(),
        tx("discard", 1, "2.0.0", "Discard all commands issued after MULTI.", "O(N), when N is the number of queued commands", TransactionCommands::discard)
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .build(),
        tx("watch", -2, "2.2.0", "Watch the given keys to determine execution of the MULTI/EXEC block.", "O(1) for every key.", TransactionCommands::watch)
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .keys(1, -1, 1)
            .build(),
        tx("unwatch", 1, "2.2.0", "Forget about all watched keys.", "O(1)", (s, a) -> {
              s.unwatch();
              return RespValue.OK;
            })
            .flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY)
            .build());
  }

  private static CommandSpec.Builder tx(String name, int arity, String since, String summary, String complexity, ConnectionCommand run) {
    return command(name, arity).acl("transaction").group("transactions").since(since).summary(summary).complexity(complexity).run(run);
  }

  /** True when {@code spec} is queued inside MULTI rather than run at once. */
  public static boolean queued(CommandSpec spec) {
    String name = spec.fullName().contains("|") ? spec.fullName().substring(0, spec.fullName().indexOf('|')) : spec.name();
    return !NOT_QUEUED.contains(name);
  }

  static Object multi(ClientSession s, CommandArgs a) {
    if (s.transaction() != null) {
      throw new CommandError("ERR MULTI calls can not be nested");
    }
    s.beginTransaction();
    return RespValue.OK;
  }

  static Object discard(ClientSession s, CommandArgs a) {
    if (s.transaction() == null) {
      throw new CommandError("ERR DISCARD without MULTI");
    }
    s.endTransaction();
    s.unwatch();
    return RespValue.OK;
  }

  /**
   * WATCH: records each key with the applied index once this client's own earlier writes have
   * applied (so they do not count as changes after the WATCH).
   */
  static Object watch(ClientSession s, CommandArgs a) {
    if (s.transaction() != null) {
      throw new CommandError("ERR WATCH inside MULTI is not allowed");
    }
    Node node = s.node();
    // In the connection's order, as a read: once this client's earlier writes have applied.
    return s.order().run(
        false,
        () -> {
          long index = node.stateMachine().lastApplied();
          long time = node.clock().currentTimeMillis();
          for (int i = 1; i < a.count(); i++) {
            s.watch(a.arg(i), index, time);
          }
          return RespValue.OK;
        },
        s::execute);
  }

  static Object exec(ClientSession s, CommandArgs a) {
    Transaction t = s.endTransaction();
    if (t == null) {
      throw new CommandError("ERR EXEC without MULTI");
    }
    List<LogCommand.Watch> watches = s.unwatch();
    if (t.failed()) {
      throw new CommandError("EXECABORT Transaction discarded because of previous errors.");
    }
    List<byte[][]> entry = new ArrayList<>();
    for (Transaction.Queued q : t.queued()) {
      if (q.spec().command() instanceof KeyspaceCommand) {
        entry.add(q.argv());
      }
    }
    Node node = s.node();
    Executor loop = s::execute;
    // In the connection's order, as a write: after this client's earlier reads have run.
    return s.order().run(
        true,
        () -> {
          CompletableFuture<RespValue> applied;
          if (entry.isEmpty() && watches.isEmpty()) {
            applied = CompletableFuture.completedFuture(RespValue.EMPTY_ARRAY);
          } else {
            applied =
                node.propose(
                    LogCommand.transaction(node.clock().currentTimeMillis(), ThreadLocalRandom.current().nextLong(), entry, watches));
          }
          return applied.thenComposeAsync(r -> replies(s, t, r), loop);
        },
        loop);
  }

  /**
   * EXEC's reply: the entry's replies for the keyspace commands, in queue order, with the
   * connection commands (PING, CLIENT...) run here on the client's connection in their place.
   */
  private static CompletionStage<RespValue> replies(ClientSession s, Transaction t, RespValue applied) {
    if (!(applied instanceof RespValue.Array results)) {
      return CompletableFuture.completedFuture(applied); // aborted by WATCH: null
    }
    List<RespValue> out = new ArrayList<>(t.size());
    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    int next = 0;
    for (Transaction.Queued q : t.queued()) {
      if (q.spec().command() instanceof KeyspaceCommand) {
        RespValue r = results.items().get(next++);
        chain = chain.thenRun(() -> out.add(r));
      } else {
        ConnectionCommand cc = (ConnectionCommand) q.spec().command();
        chain = chain.thenCompose(v -> runConnection(s, cc, q.argv()).thenAccept(out::add));
      }
    }
    return chain.thenApply(v -> RespValue.array(out));
  }

  private static CompletionStage<RespValue> runConnection(ClientSession s, ConnectionCommand cc, byte[][] argv) {
    Object r;
    try {
      r = cc.run(s, new CommandArgs(argv));
    } catch (CommandError e) {
      return CompletableFuture.completedFuture(e.reply());
    }
    if (r instanceof RespValue v) {
      return CompletableFuture.completedFuture(v);
    }
    if (r instanceof Replies several) {
      return CompletableFuture.completedFuture(several.values().size() == 1 ? several.values().get(0) : RespValue.array(several.values()));
    }
    @SuppressWarnings("unchecked")
    CompletionStage<Object> stage = (CompletionStage<Object>) r;
    return stage.handle((v, e) -> e != null ? RespValue.error("ERR " + e.getMessage()) : (RespValue) v);
  }
}
