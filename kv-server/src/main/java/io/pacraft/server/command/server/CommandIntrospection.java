package io.pacraft.server.command.server;

import static io.pacraft.server.command.CommandFlag.LOADING;
import static io.pacraft.server.command.CommandFlag.STALE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandFlag;
import io.pacraft.server.command.CommandHelp;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.CommandTable;
import io.pacraft.server.command.ConnectionCommand;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.glob.GlobPattern;
import io.pacraft.server.storage.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** COMMAND [COUNT | INFO | DOCS | GETKEYS | LIST | HELP]: the command table, as Redis 7 reports it. */
final class CommandIntrospection {
  private CommandIntrospection() {}

  static CommandSpec spec() {
    return command("command", -1)
        .flags(LOADING, STALE)
        .acl("connection")
        .group("server")
        .since("2.8.13")
        .complexity("O(N) where N is the total number of Redis commands")
        .summary("Returns detailed information about all commands.")
        .run((ConnectionCommand) (s, a) -> all(s.node().table()))
        .subcommand(sub("count", 2, "Returns a count of commands.", (s, a) -> RespValue.integer(s.node().table().size())))
        .subcommand(sub("info", -2, "Returns information about one, multiple or all commands.", CommandIntrospection::info))
        .subcommand(sub("docs", -2, "Returns documentary information about one, multiple or all commands.", CommandIntrospection::docs))
        .subcommand(sub("getkeys", -3, "Extracts the key names from an arbitrary command.", CommandIntrospection::getkeys))
        .subcommand(sub("list", -2, "Returns a list of command names.", CommandIntrospection::list))
        .subcommand(sub("help", 2, "Returns helpful text about the different subcommands.", CommandIntrospection::help))
        .build();
  }

  private static CommandSpec.Builder sub(String name, int arity, String summary, ConnectionCommand run) {
    return command(name, arity).flags(LOADING, STALE).acl("connection").since("2.8.13").summary(summary).run(run);
  }

  private static RespValue all(CommandTable table) {
    List<RespValue> out = new ArrayList<>();
    for (CommandSpec s : table.all()) {
      out.add(describe(s));
    }
    return RespValue.array(out);
  }

  /** One COMMAND INFO entry: name, arity, flags, first, last, step, ACL categories, tips, key specs, subcommands. */
  static RespValue describe(CommandSpec s) {
    List<RespValue> flags = new ArrayList<>();
    for (CommandFlag f : s.flags()) {
      flags.add(new RespValue.Simple(f.redisName()));
    }
    if (s.movableKeys()) {
      flags.add(new RespValue.Simple("movablekeys"));
    }
    List<RespValue> acl = new ArrayList<>();
    for (String c : s.aclCategories()) {
      acl.add(new RespValue.Simple("@" + c));
    }
    List<RespValue> subs = new ArrayList<>();
    for (CommandSpec sub : s.subcommands().values()) {
      subs.add(describe(sub));
    }
    return RespValue.array(
        RespValue.bulk(s.fullName()),
        RespValue.integer(s.arity()),
        new RespValue.Set(flags),
        RespValue.integer(s.firstKey()),
        RespValue.integer(s.lastKey()),
        RespValue.integer(s.keyStep()),
        new RespValue.Set(acl),
        new RespValue.Set(List.of()),
        keySpecs(s),
        subs.isEmpty() ? new RespValue.Set(List.of()) : RespValue.array(subs)); // Redis' own mix
  }

  private static RespValue keySpecs(CommandSpec s) {
    if (s.firstKey() <= 0) {
      return new RespValue.Set(List.of());
    }
    List<RespValue> flags = new ArrayList<>();
    if (s.isWrite()) {
      flags.add(new RespValue.Simple("RW"));
      flags.add(new RespValue.Simple("update"));
    } else {
      flags.add(new RespValue.Simple("RO"));
      flags.add(new RespValue.Simple("access"));
    }
    int lastRel = s.lastKey() >= 0 ? s.lastKey() - s.firstKey() : s.lastKey();
    RespValue spec =
        new RespValue.Map(
            List.of(
                RespValue.bulk("flags"), new RespValue.Set(flags),
                RespValue.bulk("begin_search"),
                new RespValue.Map(
                    List.of(
                        RespValue.bulk("type"), RespValue.bulk("index"),
                        RespValue.bulk("spec"), new RespValue.Map(List.of(RespValue.bulk("index"), RespValue.integer(s.firstKey()))))),
                RespValue.bulk("find_keys"),
                new RespValue.Map(
                    List.of(
                        RespValue.bulk("type"), RespValue.bulk("range"),
                        RespValue.bulk("spec"),
                        new RespValue.Map(
                            List.of(
                                RespValue.bulk("lastkey"), RespValue.integer(lastRel),
                                RespValue.bulk("keystep"), RespValue.integer(Math.max(1, s.keyStep())),
                                RespValue.bulk("limit"), RespValue.integer(0)))))));
    return new RespValue.Set(List.of(spec));
  }

  /** A command or "container|sub" name, as COMMAND INFO and DOCS accept them. */
  private static CommandSpec find(CommandTable table, String name) {
    int bar = name.indexOf('|');
    if (bar < 0) {
      return table.lookup(name);
    }
    CommandSpec c = table.lookup(name.substring(0, bar));
    return c == null ? null : c.subcommands().get(name.substring(bar + 1).toLowerCase(java.util.Locale.ROOT));
  }

  private static Object info(ClientSession s, CommandArgs a) {
    CommandTable table = s.node().table();
    if (a.count() == 2) {
      return all(table);
    }
    List<RespValue> out = new ArrayList<>();
    for (int i = 2; i < a.count(); i++) {
      CommandSpec c = find(table, a.string(i));
      out.add(c == null ? RespValue.NULL : describe(c));
    }
    return RespValue.array(out);
  }

  private static RespValue doc(CommandSpec c) {
    List<RespValue> kv = new ArrayList<>();
    kv.add(RespValue.bulk("summary"));
    kv.add(RespValue.bulk(c.summary()));
    kv.add(RespValue.bulk("since"));
    kv.add(RespValue.bulk(c.since()));
    kv.add(RespValue.bulk("group"));
    kv.add(RespValue.bulk(c.group()));
    kv.add(RespValue.bulk("complexity"));
    kv.add(RespValue.bulk(c.complexity()));
    if (c.isContainer()) {
      List<RespValue> subs = new ArrayList<>();
      for (CommandSpec sub : c.subcommands().values()) {
        subs.add(RespValue.bulk(sub.fullName()));
        subs.add(doc(sub));
      }
      kv.add(RespValue.bulk("subcommands"));
      kv.add(new RespValue.Map(subs));
    }
    return new RespValue.Map(kv);
  }

  private static Object docs(ClientSession s, CommandArgs a) {
    CommandTable table = s.node().table();
    List<RespValue> kv = new ArrayList<>();
    if (a.count() == 2) {
      for (CommandSpec c : table.all()) {
        kv.add(RespValue.bulk(c.fullName()));
        kv.add(doc(c));
      }
    } else {
      for (int i = 2; i < a.count(); i++) {
        CommandSpec c = find(table, a.string(i));
        if (c != null) {
          kv.add(RespValue.bulk(c.fullName()));
          kv.add(doc(c));
        }
      }
    }
    return new RespValue.Map(kv);
  }

  private static Object getkeys(ClientSession s, CommandArgs a) {
    byte[][] argv = Arrays.copyOfRange(a.argv(), 2, a.count());
    CommandSpec c = s.node().table().lookup(argv[0]);
    if (c == null) {
      throw new CommandError("ERR Invalid command specified");
    }
    if (c.isContainer() && argv.length > 1) {
      CommandSpec sub = c.subcommands().get(Bytes.lowerAscii(argv[1]));
      if (sub != null) {
        c = sub;
      }
    }
    if (!c.arityAccepts(argv.length)) {
      throw new CommandError("ERR Invalid number of arguments specified for command");
    }
    int[] positions = c.keyPositions(argv);
    if (positions.length == 0) {
      throw new CommandError("ERR The command has no key arguments");
    }
    List<RespValue> keys = new ArrayList<>();
    for (int p : positions) {
      keys.add(RespValue.bulk(argv[p]));
    }
    return RespValue.array(keys);
  }

  private static Object list(ClientSession s, CommandArgs a) {
    GlobPattern pattern = null;
    String aclcat = null;
    String module = null;
    if (a.count() > 2) {
      if (a.count() != 5 || !a.is(2, "filterby")) {
        throw RedisErrors.syntax();
      }
      switch (a.word(3)) {
        case "pattern" -> pattern = GlobPattern.compile(a.arg(4), true);
        case "aclcat" -> aclcat = a.word(4);
        case "module" -> module = a.string(4);
        default -> throw RedisErrors.syntax();
      }
    }
    List<RespValue> out = new ArrayList<>();
    if (module != null) {
      return RespValue.array(out);
    }
    for (CommandSpec c : s.node().table().allWithSubcommands()) {
      if (pattern != null && !pattern.matches(Bytes.utf8(c.fullName()))) {
        continue;
      }
      if (aclcat != null && !c.aclCategories().contains(aclcat)) {
        continue;
      }
      out.add(RespValue.bulk(c.fullName()));
    }
    return RespValue.array(out);
  }

  private static Object help(ClientSession s, CommandArgs a) {
    return CommandHelp.reply(
        "command",
        "(no subcommand)",
        "    Return details about all commands.",
        "COUNT",
        "    Return the total number of commands in this server.",
        "LIST",
        "    Return a list of all commands in this server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full command.");
  }
}
