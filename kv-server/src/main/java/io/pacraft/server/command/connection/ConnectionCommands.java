package io.pacraft.server.command.connection;

import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.LOADING;
import static io.pacraft.server.command.CommandFlag.NOSCRIPT;
import static io.pacraft.server.command.CommandFlag.NO_AUTH;
import static io.pacraft.server.command.CommandFlag.STALE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandFlag;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.ConnectionCommand;
import io.pacraft.server.command.RedisErrors;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** Connection commands: PING, ECHO, HELLO, AUTH, SELECT, QUIT, RESET, CLIENT. */
public final class ConnectionCommands {
  private ConnectionCommands() {}

  /** The Redis version pacraft's command set and replies follow. */
  public static final String REDIS_VERSION = "7.2.0";

  public static List<CommandSpec> specs() {
    return List.of(
        conn("ping", -1, "Returns the server's liveliness response.", "1.0.0", ConnectionCommands::ping, FAST),
        conn("echo", 2, "Returns the given string.", "1.0.0", (s, a) -> RespValue.bulk(a.arg(1)), LOADING, STALE, FAST),
        conn("hello", -1, "Handshakes with the Redis server.", "6.0.0", ConnectionCommands::hello, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, CommandFlag.ALLOW_BUSY),
        conn("auth", -2, "Authenticates the connection.", "1.0.0", ConnectionCommands::auth, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, CommandFlag.ALLOW_BUSY),
        conn("select", 2, "Changes the selected database.", "1.0.0", ConnectionCommands::select, LOADING, STALE, FAST),
        conn("quit", -1, "Closes the connection.", "1.0.0", ConnectionCommands::quit, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, CommandFlag.ALLOW_BUSY),
        conn("reset", 1, "Resets the connection.", "6.2.0", ConnectionCommands::reset, NOSCRIPT, LOADING, STALE, FAST, NO_AUTH, CommandFlag.ALLOW_BUSY),
        ClientCommand.spec());
  }

  static CommandSpec conn(String name, int arity, String summary, String since, ConnectionCommand run, CommandFlag... flags) {
    return command(name, arity).flags(flags).acl("connection").group("connection").since(since).summary(summary).run(run).build();
  }

  static Object ping(ClientSession s, CommandArgs a) {
    if (a.count() > 2) {
      throw new CommandError(RedisErrors.wrongArity("ping"));
    }
    return a.count() == 2 ? RespValue.bulk(a.arg(1)) : RespValue.PONG;
  }

  static Object hello(ClientSession s, CommandArgs a) {
    int proto = s.protocol();
    int i = 1;
    if (a.count() >= 2) {
      Long v = CommandArgs.tryParseLong(a.arg(1));
      if (v == null) {
        throw new CommandError("ERR Protocol version is not an integer or out of range");
      }
      if (v < 2 || v > 3) {
        throw new CommandError("NOPROTO unsupported protocol version");
      }
      proto = v.intValue();
      i = 2;
    }
    String user = null;
    byte[] pass = null;
    String name = null;
    for (; i < a.count(); i++) {
      int more = a.count() - 1 - i;
      if (a.is(i, "auth") && more >= 2) {
        user = a.string(i + 1);
        pass = a.arg(i + 2);
        i += 2;
      } else if (a.is(i, "setname") && more >= 1) {
        name = a.string(i + 1);
        ClientCommand.checkName(name);
        i += 1;
      } else {
        throw new CommandError("ERR Syntax error in HELLO option '" + a.string(i) + "'");
      }
    }
    if (user != null) {
      authenticate(s, user, pass);
    }
    if (!s.authenticated()) {
      throw new CommandError(
          "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH"
              + " <user> <pass> option can be used to authenticate the client and select the RESP protocol version"
              + " at the same time");
    }
    if (name != null) {
      s.name(name);
    }
    s.protocol(proto);
    return new RespValue.Map(
        List.of(
            RespValue.bulk("server"), RespValue.bulk("redis"),
            RespValue.bulk("version"), RespValue.bulk(REDIS_VERSION),
            RespValue.bulk("proto"), RespValue.integer(proto),
            RespValue.bulk("id"), RespValue.integer(s.id()),
            RespValue.bulk("mode"), RespValue.bulk(s.node().mode()),
            RespValue.bulk("role"), RespValue.bulk(s.node().roleName()),
            RespValue.bulk("modules"), RespValue.EMPTY_ARRAY));
  }

  static Object auth(ClientSession s, CommandArgs a) {
    if (a.count() > 3) {
      throw RedisErrors.syntax();
    }
    String requirepass = s.node().config().get("requirepass");
    if (a.count() == 2 && requirepass.isEmpty()) {
      throw new CommandError(
          "ERR AUTH <password> called without any password configured for the default user. Are you sure"
              + " your configuration is correct?");
    }
    String user = a.count() == 3 ? a.string(1) : "default";
    authenticate(s, user, a.arg(a.count() - 1));
    return RespValue.OK;
  }

  /** The default user only; its password is requirepass (none configured: any password works). */
  private static void authenticate(ClientSession s, String user, byte[] password) {
    String requirepass = s.node().config().get("requirepass");
    boolean ok =
        "default".equals(user)
            && (requirepass.isEmpty()
                || MessageDigest.isEqual(requirepass.getBytes(StandardCharsets.UTF_8), password));
    if (!ok) {
      throw new CommandError(RedisErrors.WRONGPASS);
    }
    s.authenticated(true);
  }

  static Object select(ClientSession s, CommandArgs a) {
    long db = a.longArg(1);
    if (s.node().clusterEnabled()) {
      if (db != 0) {
        throw new CommandError("ERR SELECT is not allowed in cluster mode");
      }
      return RespValue.OK;
    }
    if (db != 0) {
      throw new CommandError(RedisErrors.DB_OUT_OF_RANGE);
    }
    return RespValue.OK;
  }

  static Object quit(ClientSession s, CommandArgs a) {
    s.closeAfterReply();
    return RespValue.OK;
  }

  static Object reset(ClientSession s, CommandArgs a) {
    s.reset();
    return new RespValue.Simple("RESET");
  }
}
