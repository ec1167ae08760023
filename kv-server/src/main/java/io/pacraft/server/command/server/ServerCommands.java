package io.pacraft.server.command.server;

import static io.pacraft.server.command.CommandFlag.ADMIN;
import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.LOADING;
import static io.pacraft.server.command.CommandFlag.NOSCRIPT;
import static io.pacraft.server.command.CommandFlag.NO_ASYNC_LOADING;
import static io.pacraft.server.command.CommandFlag.STALE;
import static io.pacraft.server.command.CommandFlag.WRITE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandFlag;
import io.pacraft.server.command.CommandHelp;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.ConnectionCommand;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.stats.SlowLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/** Server commands: INFO, CONFIG, FLUSHDB/FLUSHALL, TIME, SAVE, BGSAVE, LASTSAVE, SHUTDOWN, SLOWLOG, COMMAND. */
public final class ServerCommands {
  private ServerCommands() {}

  public static List<CommandSpec> specs() {
    return List.of(
        command("info", -1).flags(LOADING, STALE).acl("dangerous").group("server").since("1.0.0")
            .summary("Returns information and statistics about the server.").run((ConnectionCommand) ServerCommands::info).build(),
        config(),
        flush("flushdb", "Remove all keys from the current database.", "1.0.0"),
        flush("flushall", "Removes all keys from all databases.", "1.0.0"),
        server("time", 1, "Returns the server time.", "2.6.0", ServerCommands::time, LOADING, STALE, FAST),
        command("lastsave", 1).flags(LOADING, STALE, FAST).acl("admin", "dangerous").group("server").since("1.0.0")
            .summary("Returns the Unix timestamp of the last successful save to disk.")
            .run((ConnectionCommand) (s, a) -> RespValue.integer(s.node().lastSaveSeconds())).build(),
        server("save", 1, "Synchronously saves the database(s) to disk.", "1.0.0", (s, a) -> save(s, true), ADMIN, NOSCRIPT, NO_ASYNC_LOADING, CommandFlag.NO_MULTI),
        server("bgsave", -1, "Asynchronously saves the database(s) to disk.", "1.0.0", ServerCommands::bgsave, ADMIN, NOSCRIPT, NO_ASYNC_LOADING),
        server("shutdown", -1, "Synchronously saves the database(s) to disk and shuts down the Redis server.", "1.0.0", ServerCommands::shutdown, ADMIN, NOSCRIPT, LOADING, STALE, CommandFlag.NO_MULTI, CommandFlag.ALLOW_BUSY),
        slowlog(),
        CommandIntrospection.spec());
  }

  private static CommandSpec server(String name, int arity, String summary, String since, ConnectionCommand run, CommandFlag... flags) {
    return command(name, arity).flags(flags).group("server").since(since).summary(summary).run(run).build();
  }

  // ------------------------------------------------------------------ INFO

  private static Object info(ClientSession s, CommandArgs a) {
    List<String> sections = new ArrayList<>();
    for (int i = 1; i < a.count(); i++) {
      sections.add(a.word(i));
    }
    return text(Info.render(s.node(), sections));
  }

  /** Human-readable text as Redis sends it: a verbatim string ({@code txt}) in RESP3, a bulk string in RESP2. */
  public static RespValue text(String s) {
    return new RespValue.Verbatim("txt", s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------ CONFIG

  private static CommandSpec config() {
    return command("config", -2)
        .group("server")
        .since("2.0.0")
        .summary("A container for server configuration commands.")
        .subcommand(configSub("get", -3, "Returns the effective values of configuration parameters.", ServerCommands::configGet))
        .subcommand(configSub("set", -4, "Sets configuration parameters in-flight.", ServerCommands::configSet))
        .subcommand(configSub("resetstat", 2, "Resets the server's statistics.", ServerCommands::configResetstat))
        .subcommand(configSub("rewrite", 2, "Persists the effective configuration to file.", ServerCommands::configRewrite))
        .subcommand(command("help", 2).flags(LOADING, STALE).since("5.0.0").summary("Returns helpful text about the different subcommands.").run((ConnectionCommand) (s, a) -> CommandHelp.reply(
            "config",
            "GET <pattern>",
            "    Return parameters matching the glob-like <pattern> and their values.",
            "SET <directive> <value>",
            "    Set the configuration <directive> to <value>.",
            "RESETSTAT",
            "    Reset statistics reported by the INFO command.",
            "REWRITE",
            "    Rewrite the configuration file.")))
        .build();
  }

  private static CommandSpec.Builder configSub(String name, int arity, String summary, ConnectionCommand run) {
    return command(name, arity).flags(ADMIN, NOSCRIPT, LOADING, STALE).since("2.0.0").summary(summary).run(run);
  }

  private static Object configGet(ClientSession s, CommandArgs a) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 2; i < a.count(); i++) {
      values.putAll(s.node().config().matching(a.string(i)));
    }
    List<RespValue> kv = new ArrayList<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      kv.add(RespValue.bulk(e.getKey()));
      kv.add(RespValue.bulk(e.getValue()));
    }
    return new RespValue.Map(kv);
  }

  private static Object configSet(ClientSession s, CommandArgs a) {
    if ((a.count() - 2) % 2 != 0) {
      throw new CommandError("ERR wrong number of arguments for 'config|set' command");
    }
    Map<String, String> changes = new LinkedHashMap<>();
    for (int i = 2; i < a.count(); i += 2) {
      String name = a.word(i);
      if (changes.containsKey(name)) {
        throw new CommandError("ERR CONFIG SET failed (possibly related to argument '" + name + "') - duplicate parameter");
      }
      changes.put(name, a.string(i + 1));
    }
    String error = s.node().config().set(changes);
    if (error != null) {
      throw new CommandError(error);
    }
    return RespValue.OK;
  }

  private static Object configResetstat(ClientSession s, CommandArgs a) {
    s.node().stats().reset();
    s.node().slowLog().reset();
    return RespValue.OK;
  }

  private static Object configRewrite(ClientSession s, CommandArgs a) {
    try {
      s.node().config().rewrite();
      return RespValue.OK;
    } catch (IllegalStateException e) {
      throw new CommandError(e.getMessage());
    } catch (IOException e) {
      throw new CommandError("ERR Rewriting config file: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ FLUSHDB / FLUSHALL

  private static CommandSpec flush(String name, String summary, String since) {
    return command(name, -1)
        .flags(WRITE)
        .acl("keyspace", "dangerous")
        .group("server")
        .since(since)
        .complexity("O(1): one range deletion per column family, whatever the number of keys")
        .summary(summary)
        .run(
            KeyspaceCommand.of(
                ServerCommands::flushOptions,
                (ks, a) -> {
                  flushOptions(a);
                  ks.flushAll();
                  return RespValue.OK;
                }))
        .build();
  }

  private static void flushOptions(CommandArgs a) {
    if (a.count() > 2 || a.count() == 2 && !a.is(1, "async") && !a.is(1, "sync")) {
      throw RedisErrors.syntax();
    }
  }

  // ------------------------------------------------------------------ time, persistence, shutdown

  private static Object time(ClientSession s, CommandArgs a) {
    long micros = s.node().clock().currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
    return RespValue.array(RespValue.bulk(Long.toString(micros / 1_000_000)), RespValue.bulk(Long.toString(micros % 1_000_000)));
  }

  /** SAVE: flushes RocksDB's memtables so the whole state is in SST files, off the event loop. */
  private static Object save(ClientSession s, boolean reply) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            s.node().stateMachine().flush();
            s.node().saved();
            return (RespValue) RespValue.OK;
          } catch (org.rocksdb.RocksDBException e) {
            throw new CommandError("ERR " + e.getMessage());
          }
        },
        ForkJoinPool.commonPool());
  }

  private static Object bgsave(ClientSession s, CommandArgs a) {
    if (a.count() > 2 || a.count() == 2 && !a.is(1, "schedule")) {
      throw RedisErrors.syntax();
    }
    CompletableFuture.runAsync(
        () -> {
          try {
            s.node().stateMachine().flush();
            s.node().saved();
          } catch (org.rocksdb.RocksDBException e) {
            org.slf4j.LoggerFactory.getLogger(ServerCommands.class).warn("BGSAVE failed", e);
          }
        });
    return new RespValue.Simple("Background saving started");
  }

  private static Object shutdown(ClientSession s, CommandArgs a) {
    for (int i = 1; i < a.count(); i++) {
      switch (a.word(i)) {
        case "nosave", "save", "now", "force" -> {}
        case "abort" -> throw new CommandError("ERR No shutdown in progress.");
        default -> throw RedisErrors.syntax();
      }
    }
    // Every write is durable in the log already; shutting down finishes in-flight work and closes
    // storage cleanly. Like Redis, no reply: the connection closes.
    Thread t = new Thread(s.node()::shutdown, "pacraft-shutdown");
    t.start();
    s.closeAfterReply();
    return new CompletableFuture<RespValue>();
  }

  // ------------------------------------------------------------------ SLOWLOG

  private static CommandSpec slowlog() {
    return command("slowlog", -2)
        .group("server")
        .since("2.2.12")
        .summary("A container for slow log commands.")
        .subcommand(command("get", -2).flags(ADMIN, LOADING, STALE).since("2.2.12").summary("Returns the slow log's entries.").run((ConnectionCommand) ServerCommands::slowlogGet))
        .subcommand(command("len", 2).flags(ADMIN, LOADING, STALE).since("2.2.12").summary("Returns the number of entries in the slow log.").run((ConnectionCommand) (s, a) -> RespValue.integer(s.node().slowLog().size())))
        .subcommand(command("reset", 2).flags(ADMIN, LOADING, STALE).since("2.2.12").summary("Clears all entries from the slow log.").run((ConnectionCommand) (s, a) -> {
          s.node().slowLog().reset();
          return RespValue.OK;
        }))
        .subcommand(command("help", 2).flags(LOADING, STALE).since("6.2.0").summary("Show helpful text about the different subcommands").run((ConnectionCommand) (s, a) -> CommandHelp.reply(
            "slowlog",
            "GET [<count>]",
            "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
            "    Entries are made of:",
            "    id, timestamp, time in microseconds, arguments array, client IP and port,",
            "    client name",
            "LEN",
            "    Return the length of the slowlog.",
            "RESET",
            "    Reset the slowlog.")))
        .build();
  }

  private static Object slowlogGet(ClientSession s, CommandArgs a) {
    long count = 10;
    if (a.count() > 3) {
      throw new CommandError(
          "ERR unknown subcommand or wrong number of arguments for '" + a.string(1) + "'. Try SLOWLOG HELP.");
    }
    if (a.count() == 3) {
      Long n = CommandArgs.tryParseLong(a.arg(2));
      if (n == null || n < -1) {
        throw new CommandError("ERR count should be greater than or equal to -1");
      }
      count = n;
    }
    List<RespValue> out = new ArrayList<>();
    for (SlowLog.Entry e : s.node().slowLog().get(count)) {
      List<RespValue> args = new ArrayList<>();
      for (byte[] arg : e.args()) {
        args.add(RespValue.bulk(arg));
      }
      out.add(
          RespValue.array(
              RespValue.integer(e.id()),
              RespValue.integer(e.timestampSeconds()),
              RespValue.integer(e.micros()),
              RespValue.array(args),
              RespValue.bulk(e.clientAddr()),
              RespValue.bulk(e.clientName())));
    }
    return RespValue.array(out);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
