package io.pacraft.server.command.connection;

import static io.pacraft.server.command.CommandFlag.ADMIN;
import static io.pacraft.server.command.CommandFlag.LOADING;
import static io.pacraft.server.command.CommandFlag.NOSCRIPT;
import static io.pacraft.server.command.CommandFlag.STALE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandFlag;
import io.pacraft.server.command.CommandHelp;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.ConnectionCommand;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.command.server.ServerCommands;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** CLIENT ID | SETNAME | GETNAME | SETINFO | LIST | INFO | KILL | HELP. */
final class ClientCommand {
  private ClientCommand() {}

  static CommandSpec spec() {
    return command("client", -2)
        .group("connection")
        .since("2.4.0")
        .summary("A container for client connection commands.")
        .subcommand(sub("id", 2, "Returns the unique client ID of the connection.", "5.0.0", (s, a) -> RespValue.integer(s.id())))
        .subcommand(sub("setname", 3, "Sets the connection name.", "2.6.9", ClientCommand::setname))
        .subcommand(sub("getname", 2, "Returns the name of the connection.", "2.6.9", (s, a) -> s.name().isEmpty() ? RespValue.NULL : RespValue.bulk(s.name())))
        .subcommand(sub("setinfo", 4, "Sets information specific to the client or connection.", "7.2.0", ClientCommand::setinfo))
        .subcommand(sub("list", -2, "Lists open connections.", "2.4.0", ClientCommand::list, ADMIN))
        .subcommand(sub("info", 2, "Returns information about the connection.", "6.2.0", (s, a) -> ServerCommands.text(line(s) + "\n")))
        .subcommand(sub("kill", -3, "Terminates open connections.", "2.4.0", ClientCommand::kill, ADMIN))
        .subcommand(
            command("help", 2).flags(LOADING, STALE).acl("connection").since("5.0.0")
                .summary("Returns helpful text about the different subcommands.").run((ConnectionCommand) ClientCommand::help))
        .build();
  }

  private static CommandSpec.Builder sub(String name, int arity, String summary, String since, ConnectionCommand run, CommandFlag... extra) {
    CommandSpec.Builder b = command(name, arity).flags(NOSCRIPT, LOADING, STALE).acl("connection").since(since).summary(summary).run(run);
    return b.flags(extra);
  }

  /** Client names: printable ASCII without spaces (Redis' rule). */
  static void checkName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '!' || c > '~') {
        throw new CommandError("ERR Client names cannot contain spaces, newlines or special characters.");
      }
    }
  }

  private static Object setname(ClientSession s, CommandArgs a) {
    String name = a.string(2);
    checkName(name);
    s.name(name);
    return RespValue.OK;
  }

  private static Object setinfo(ClientSession s, CommandArgs a) {
    String attr = a.word(2);
    String value = a.string(3);
    if (!attr.equals("lib-name") && !attr.equals("lib-ver")) {
      throw new CommandError("ERR Unrecognized option '" + a.string(2) + "'");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '!' || c > '~') {
        throw new CommandError("ERR " + a.string(2) + " cannot contain spaces, newlines or special characters.");
      }
    }
    if (attr.equals("lib-name")) {
      s.libName(value);
    } else {
      s.libVersion(value);
    }
    return RespValue.OK;
  }

  /** One CLIENT LIST line, with Redis 7.2's fields in Redis' order. */
  static String line(ClientSession s) {
    long now = System.currentTimeMillis();
    long pending = s.connection().pendingReplies();
    long out = s.connection().outputBytes();
    return "id=" + s.id()
        + " addr=" + s.addr()
        + " laddr=" + s.laddr()
        + " fd=-1"
        + " name=" + s.name()
        + " age=" + (now - s.createdMillis()) / 1000
        + " idle=" + (now - s.lastInteractionMillis()) / 1000
        + " flags=" + s.flags()
        + " db=0"
        + " sub=" + s.channelCount()
        + " psub=" + s.patternCount()
        + " ssub=" + s.shardChannelCount()
        + " multi=" + s.multiCount()
        + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0"
        + " rbs=0 rbp=0"
        + " obl=" + out
        + " oll=" + pending
        + " omem=" + out
        + " tot-mem=" + out
        + " events=r"
        + " cmd=" + s.lastCommand()
        + " user=default redir=-1"
        + " resp=" + s.protocol()
        + " lib-name=" + s.libName()
        + " lib-ver=" + s.libVersion();
  }

  private static Object list(ClientSession s, CommandArgs a) {
    Set<Long> ids = null;
    String type = null;
    for (int i = 2; i < a.count(); i++) {
      if (a.is(i, "type") && i + 1 < a.count()) {
        type = a.word(++i);
        if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
          throw new CommandError("ERR Unknown client type '" + a.string(i) + "'");
        }
      } else if (a.is(i, "id") && i + 1 < a.count()) {
        ids = new HashSet<>();
        for (i = i + 1; i < a.count(); i++) {
          Long id = CommandArgs.tryParseLong(a.arg(i));
          if (id == null) {
            throw new CommandError("ERR Invalid client ID"); // a number no client has just matches none
          }
          ids.add(id);
        }
      } else {
        throw RedisErrors.syntax();
      }
    }
    StringBuilder sb = new StringBuilder();
    for (ClientSession c : s.node().clients().snapshot()) {
      if (c.killed() || ids != null && !ids.contains(c.id())) {
        continue;
      }
      if (type != null && !type.equals(c.clientType())) {
        continue;
      }
      sb.append(line(c)).append('\n');
    }
    return ServerCommands.text(sb.toString());
  }

  private static Object kill(ClientSession s, CommandArgs a) {
    if (a.count() == 3) {
      // Old form: CLIENT KILL addr:port -> OK or an error.
      String addr = a.string(2);
      for (ClientSession c : s.node().clients().snapshot()) {
        if (!c.killed() && c.addr().equals(addr)) {
          c.kill();
          return RespValue.OK;
        }
      }
      throw new CommandError("ERR No such client");
    }
    Long id = null;
    String addr = null;
    String laddr = null;
    String user = null;
    String type = null;
    boolean skipMe = true;
    if ((a.count() - 2) % 2 != 0) {
      throw RedisErrors.syntax();
    }
    for (int i = 2; i < a.count(); i += 2) {
      String opt = a.word(i);
      String v = a.string(i + 1);
      switch (opt) {
        case "id" -> {
          Long parsed = CommandArgs.tryParseLong(a.arg(i + 1));
          if (parsed == null || parsed <= 0) {
            throw new CommandError("ERR client-id should be greater than 0");
          }
          id = parsed;
        }
        case "addr" -> addr = v;
        case "laddr" -> laddr = v;
        case "user" -> user = v;
        case "type" -> {
          type = v.toLowerCase(java.util.Locale.ROOT);
          if (!List.of("normal", "master", "replica", "slave", "pubsub").contains(type)) {
            throw new CommandError("ERR Unknown client type '" + v + "'");
          }
        }
        case "skipme" -> {
          if (v.equalsIgnoreCase("yes")) {
            skipMe = true;
          } else if (v.equalsIgnoreCase("no")) {
            skipMe = false;
          } else {
            throw RedisErrors.syntax();
          }
        }
        default -> throw RedisErrors.syntax();
      }
    }
    long killed = 0;
    for (ClientSession c : s.node().clients().snapshot()) {
      if (c.killed()
          || id != null && c.id() != id
          || addr != null && !c.addr().equals(addr)
          || laddr != null && !c.laddr().equals(laddr)
          || user != null && !user.equals("default")
          || type != null && !type.equals(c.clientType())
          || skipMe && c == s) {
        continue;
      }
      if (c == s) {
        s.closeAfterReply();
      } else {
        c.kill();
      }
      killed++;
    }
    return RespValue.integer(killed);
  }

  private static Object help(ClientSession s, CommandArgs a) {
    return CommandHelp.reply(
        "client",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are: ID, ADDR, LADDR, USER, TYPE, SKIPME.",
        "LIST [options ...]",
        "    Return information about client connections. Options: TYPE <type>, ID <id> [...].",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "SETINFO <option> <value>",
        "    Set client meta attr. Options are: LIB-NAME, LIB-VER.");
  }
}
