package io.pacraft.server.net;

import io.pacraft.resp.RespValue;
import io.pacraft.server.Node;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.cluster.SlotHash;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandFlag;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.ConnectionCommand;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.command.transaction.TransactionCommands;
import io.pacraft.server.storage.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Routes one request through the command table: lookup, subcommand, arity, authentication, then
 * the connection command, or the keyspace command as a proposal (writes) or a read after a barrier.
 * Returns a {@code RespValue} or a {@code CompletionStage} of one.
 */
public final class RequestDispatcher {
  private final Node node;

  public RequestDispatcher(Node node) {
    this.node = node;
  }

  public Object dispatch(ClientSession session, byte[][] argv) {
    CommandSpec spec = null;
    try {
      spec = resolve(argv);
      if (!session.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
        throw new CommandError(RedisErrors.NOAUTH);
      }
      RespValue pong = SubscribeMode.check(session, spec, argv);
      if (pong != null) {
        return pong;
      }
      if (session.transaction() != null && TransactionCommands.queued(spec)) {
        if (spec.has(CommandFlag.NO_MULTI)) {
          throw new CommandError("ERR Command not allowed inside a transaction");
        }
        checkQueued(session, spec, argv);
        session.transaction().queue(spec, argv);
        return RespValue.QUEUED;
      }
    } catch (CommandError e) {
      session.flagTransaction(); // a refused command inside MULTI makes EXEC abort
      // Redis' rejected_calls: refused before running (unknown, arity, NOAUTH); still an error reply
      node.stats().error(e.reply().prefix());
      CommandSpec known = spec != null ? spec : node.table().lookup(argv[0]);
      if (known != null) {
        node.stats().command(known.fullName()).rejected.increment();
      }
      throw e;
    }
    session.ran(spec.fullName());
    return node.execute(session, spec, new CommandArgs(argv));
  }

  /**
   * In a cluster, a command queued in MULTI gets the redirect it would get on its own (MOVED...), and
   * all the transaction's keys must share one slot.
   */
  private void checkQueued(ClientSession session, CommandSpec spec, byte[][] argv) {
    if (!node.clusterEnabled() || !(spec.command() instanceof KeyspaceCommand)) {
      return;
    }
    RespValue redirect = node.redirect(session, spec, new CommandArgs(argv));
    if (redirect instanceof RespValue.Error e) {
      throw new CommandError(e.message());
    }
    for (int k : spec.keyPositions(argv)) {
      if (!session.transaction().sameSlot(SlotHash.slot(argv[k]))) {
        throw new CommandError("CROSSSLOT Keys in request don't hash to the same slot");
      }
    }
  }

  /** The spec {@code argv} names, with Redis' errors for unknown commands and wrong arity. */
  public CommandSpec resolve(byte[][] argv) {
    CommandSpec spec = node.table().lookup(argv[0]);
    if (spec == null) {
      throw new CommandError(unknownCommand(argv));
    }
    if (spec.isContainer() && !(argv.length < 2 && spec.command() != null)) {
      if (argv.length < 2) {
        throw new CommandError(RedisErrors.wrongArity(spec.fullName()));
      }
      CommandSpec sub = spec.subcommands().get(Bytes.lowerAscii(argv[1]));
      if (sub == null) {
        throw new CommandError(
            "ERR unknown subcommand '"
                + truncate(new String(argv[1], StandardCharsets.UTF_8), 128)
                + "'. Try "
                + spec.name().toUpperCase(Locale.ROOT)
                + " HELP.");
      }
      spec = sub;
    }
    if (!spec.arityAccepts(argv.length)) {
      throw new CommandError(RedisErrors.wrongArity(spec.fullName()));
    }
    return spec;
  }

  /** Redis 7's text: the name and the start of the arguments, each quoted, at most 128 bytes. */
  static String unknownCommand(byte[][] argv) {
    StringBuilder args = new StringBuilder();
    for (int i = 1; i < argv.length && args.length() < 128; i++) {
      String a = new String(argv[i], StandardCharsets.UTF_8);
      args.append('\'').append(truncate(a, 128 - args.length())).append("' ");
    }
    return "ERR unknown command '"
        + truncate(new String(argv[0], StandardCharsets.UTF_8), 128)
        + "', with args beginning with: "
        + args;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, Math.max(0, max));
  }

  /** True when {@code spec}'s implementation runs against the keyspace. */
  static boolean isKeyspace(CommandSpec spec) {
    return spec.command() instanceof KeyspaceCommand;
  }

  static boolean isConnection(CommandSpec spec) {
    return spec.command() instanceof ConnectionCommand;
  }
}
