package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.FlushMode;
import io.pacraft.server.LettuceTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** INFO, CONFIG, FLUSHDB/FLUSHALL, TIME, LASTSAVE, SAVE, BGSAVE, SLOWLOG and COMMAND over Lettuce, RESP2 and RESP3. */
@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
@SuppressWarnings("unchecked")
class ServerCommandsTest extends LettuceTest {

  /** {@code # Section} → field → value, checking Redis' layout (CRLF lines, a blank line between sections). */
  static Map<String, Map<String, String>> parseInfo(String info) {
    assertThat(info).doesNotContain("\n\n").doesNotContainPattern("[^\r]\n");
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String line : info.split("\r\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# ")) {
        current = new LinkedHashMap<>();
        sections.put(line.substring(2), current);
      } else {
        int colon = line.indexOf(':');
        assertThat(colon).as(line).isPositive();
        current.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return sections;
  }

  @Test
  void infoSectionsWithRedisFieldNames() {
    r.set("a", "1");
    r.set("b", "2");
    r.expire("b", 100);
    Map<String, Map<String, String>> all = parseInfo(r.info());
    assertThat(all.keySet()).containsExactly("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules", "Errorstats", "Cluster", "Keyspace");
    Map<String, String> s = all.get("Server");
    assertThat(s).containsKeys("redis_version", "redis_mode", "os", "arch_bits", "process_id", "run_id", "tcp_port", "server_time_usec", "uptime_in_seconds", "uptime_in_days", "hz", "executable", "config_file");
    assertThat(s).containsEntry("redis_version", "7.2.0").containsEntry("redis_mode", "standalone").containsEntry("tcp_port", Integer.toString(server.port()));
    assertThat(s.get("run_id")).matches("[0-9a-f]{40}");
    assertThat(Long.parseLong(s.get("server_time_usec")) / 1_000_000).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
    assertThat(all.get("Clients")).containsKeys("connected_clients", "maxclients", "blocked_clients", "tracking_clients", "clients_in_timeout_table");
    assertThat(Integer.parseInt(all.get("Clients").get("connected_clients"))).isPositive();
    assertThat(all.get("Memory")).containsKeys("used_memory", "used_memory_human", "used_memory_rss", "used_memory_peak", "total_system_memory", "maxmemory", "maxmemory_policy");
    assertThat(all.get("Persistence")).containsKeys("loading", "rdb_changes_since_last_save", "rdb_bgsave_in_progress", "rdb_last_save_time", "aof_enabled");
    assertThat(all.get("Stats")).containsKeys(
        "total_connections_received", "total_commands_processed", "instantaneous_ops_per_sec", "total_net_input_bytes",
        "total_net_output_bytes", "rejected_connections", "expired_keys", "evicted_keys", "keyspace_hits", "keyspace_misses",
        "total_error_replies");
    assertThat(all.get("Replication")).containsEntry("role", "master").containsEntry("connected_slaves", "0").containsKeys("master_replid", "master_repl_offset");
    assertThat(all.get("CPU")).containsKeys("used_cpu_sys", "used_cpu_user", "used_cpu_sys_children", "used_cpu_user_children");
    assertThat(all.get("Cluster")).containsEntry("cluster_enabled", "0");
    assertThat(all.get("Keyspace")).containsEntry("db0", "keys=2,expires=1,avg_ttl=0");

    assertThat(parseInfo(r.info("keyspace")).keySet()).containsExactly("Keyspace");
    assertThat(parseInfo(r.info("CPU")).keySet()).containsExactly("CPU");
    assertThat(parseInfo((String) call("INFO", "server", "clients")).keySet()).containsExactly("Server", "Clients");
    assertThat(parseInfo(r.info("everything")).keySet()).contains("Commandstats", "Errorstats", "Keyspace");
    assertThat(r.info("nosuchsection")).isEmpty();
    r.flushall();
    assertThat(parseInfo(r.info("keyspace")).get("Keyspace")).isEmpty();
  }

  @Test
  void infoStatsCount() {
    r.configResetstat();
    r.set("k", "v");
    r.get("k");
    r.get("missing");
    r.mget("k", "missing", "k");
    assertError("ERR syntax error", "SET", "k", "v", "BOGUS");
    assertError("ERR wrong number of arguments for 'get' command", "GET");
    assertError("ERR unknown command 'NOSUCH', with args beginning with: ", "NOSUCH");
    Map<String, String> stats = parseInfo(r.info("stats")).get("Stats");
    assertThat(stats).containsEntry("keyspace_hits", "3").containsEntry("keyspace_misses", "2").containsEntry("total_error_replies", "3");
    Map<String, String> errors = parseInfo(r.info("errorstats")).get("Errorstats");
    assertThat(errors).containsEntry("errorstat_ERR", "count=3");
    Map<String, String> cmds = parseInfo(r.info("commandstats")).get("Commandstats");
    assertThat(cmds.get("cmdstat_get")).startsWith("calls=2,").endsWith(",rejected_calls=1,failed_calls=0");
    assertThat(cmds.get("cmdstat_set")).startsWith("calls=2,").endsWith(",rejected_calls=0,failed_calls=1");
    assertThat(cmds.get("cmdstat_mget")).startsWith("calls=1,");
  }

  @Test
  void configGetSetResetstat() {
    assertThat(r.configGet("maxclients")).containsExactly(Map.entry("maxclients", "10000"));
    assertThat(r.configGet("slowlog-*")).containsOnlyKeys("slowlog-log-slower-than", "slowlog-max-len");
    assertThat(r.configGet("maxclients", "hz")).containsOnlyKeys("maxclients", "hz");
    assertThat(r.configGet("nosuch")).isEmpty();
    try {
      assertThat(r.configSet("maxclients", "500")).isEqualTo("OK");
      assertThat(r.configGet("maxclients")).containsEntry("maxclients", "500");
      assertThat(r.configSet(Map.of("maxclients", "600", "timeout", "30"))).isEqualTo("OK");
      assertThat(r.configGet("timeout")).containsEntry("timeout", "30");
      assertThat(r.configSet("proto-max-bulk-len", "2mb")).isEqualTo("OK");
      assertThat(r.configGet("proto-max-bulk-len")).containsEntry("proto-max-bulk-len", "2097152");
      // all or nothing: one bad value leaves the others unchanged
      assertError("ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument couldn't be parsed into an integer",
          "CONFIG", "SET", "timeout", "40", "maxclients", "abc");
      assertThat(r.configGet("timeout")).containsEntry("timeout", "30");
    } finally {
      r.configSet(Map.of("maxclients", "10000", "timeout", "0", "proto-max-bulk-len", "536870912"));
    }
    assertError("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'", "CONFIG", "SET", "nosuch", "1");
    assertError("ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config", "CONFIG", "SET", "port", "1234");
    assertError("ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter", "CONFIG", "SET", "hz", "10", "hz", "20");
    assertError("ERR wrong number of arguments for 'config|set' command", "CONFIG", "SET", "maxclients");
    assertError("ERR wrong number of arguments for 'config|set' command", "CONFIG", "SET", "hz", "10", "maxclients");
    assertError("ERR wrong number of arguments for 'config|get' command", "CONFIG", "GET");
    assertError("ERR unknown subcommand 'bogus'. Try CONFIG HELP.", "CONFIG", "bogus");
    assertError("ERR wrong number of arguments for 'config' command", "CONFIG");
    assertError("ERR The server is running without a config file", "CONFIG", "REWRITE");
    assertError("ERR wrong number of arguments for 'config|resetstat' command", "CONFIG", "RESETSTAT", "x");

    r.ping();
    assertThat(r.configResetstat()).isEqualTo("OK");
    assertThat(Long.parseLong(parseInfo(r.info("stats")).get("Stats").get("total_commands_processed"))).isLessThanOrEqualTo(1);
  }

  @Test
  void flushdbAndFlushall() {
    r.set("a", "1");
    r.set("b", "2");
    r.expire("b", 100);
    assertThat(r.flushdb()).isEqualTo("OK");
    assertThat(r.dbsize()).isZero();
    assertThat(r.keys("*")).isEmpty();
    r.set("a", "1");
    assertThat(r.flushall(FlushMode.ASYNC)).isEqualTo("OK");
    assertThat(r.get("a")).isNull();
    r.set("a", "1");
    assertThat(r.flushdb(FlushMode.SYNC)).isEqualTo("OK");
    assertThat(r.dbsize()).isZero();
    r.set("after", "1"); // writes after a flush are kept
    assertThat(r.dbsize()).isOne();
    assertThat(parseInfo(r.info("keyspace")).get("Keyspace")).containsEntry("db0", "keys=1,expires=0,avg_ttl=0");
    assertError("ERR syntax error", "FLUSHDB", "bogus");
    assertError("ERR syntax error", "FLUSHALL", "SYNC", "ASYNC");
  }

  @Test
  void timeAndPersistence() {
    List<String> time = r.time();
    assertThat(time).hasSize(2);
    long seconds = Long.parseLong(time.get(0));
    long micros = Long.parseLong(time.get(1));
    assertThat(seconds).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
    assertThat(micros).isBetween(0L, 999_999L);
    long before = r.lastsave().getTime() / 1000;
    assertThat(before).isLessThanOrEqualTo(System.currentTimeMillis() / 1000);
    assertThat(r.save()).isEqualTo("OK");
    assertThat(r.lastsave().getTime() / 1000).isGreaterThanOrEqualTo(before).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
    assertThat(r.bgsave()).isEqualTo("Background saving started");
    assertThat(call("BGSAVE", "SCHEDULE")).isEqualTo("Background saving started");
    assertError("ERR syntax error", "BGSAVE", "bogus");
    assertError("ERR wrong number of arguments for 'time' command", "TIME", "x");
    assertError("ERR wrong number of arguments for 'lastsave' command", "LASTSAVE", "x");
    assertError("ERR wrong number of arguments for 'save' command", "SAVE", "x");
  }

  @Test
  void slowlog() {
    try {
      r.configSet("slowlog-log-slower-than", "0");
      r.slowlogReset();
      r.clientSetname("slow-one");
      r.set("k", "v");
      String big = "x".repeat(200);
      r.echo(big);
      String[] many = new String[40];
      for (int i = 0; i < many.length; i++) {
        many[i] = "k" + i;
      }
      r.mget(many);
      List<Object> entries = r.slowlogGet(-1);
      assertThat(r.slowlogLen()).isGreaterThanOrEqualTo(4);
      List<Object> newest = (List<Object>) entries.get(0);
      assertThat(newest).hasSize(6);
      assertThat(newest.get(3)).isInstanceOf(List.class);
      List<Object> mget = (List<Object>) newest.get(3);
      assertThat(mget).hasSize(32).startsWith("MGET", "k0").endsWith("... (10 more arguments)");
      assertThat((String) newest.get(4)).startsWith("127.0.0.1:");
      assertThat(newest.get(5)).isEqualTo("slow-one");
      List<Object> echo = (List<Object>) ((List<Object>) entries.get(1)).get(3);
      assertThat(echo).containsExactly("ECHO", "x".repeat(128) + "... (72 more bytes)");
      List<Object> set = (List<Object>) ((List<Object>) entries.get(2)).get(3);
      assertThat(set).containsExactly("SET", "k", "v");
      assertThat((Long) newest.get(0)).isGreaterThan((Long) ((List<Object>) entries.get(1)).get(0));
      assertThat(r.slowlogGet(1)).hasSize(1);
      assertThat(r.slowlogGet(0)).isEmpty();
      assertThat(r.slowlogReset()).isEqualTo("OK");
      assertThat(r.slowlogLen()).isLessThanOrEqualTo(1);
    } finally {
      r.configSet("slowlog-log-slower-than", "10000");
    }
    assertError("ERR count should be greater than or equal to -1", "SLOWLOG", "GET", "-2");
    assertError("ERR count should be greater than or equal to -1", "SLOWLOG", "GET", "abc");
    assertError("ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.", "SLOWLOG", "GET", "1", "2");
    assertError("ERR unknown subcommand 'bogus'. Try SLOWLOG HELP.", "SLOWLOG", "bogus");
    assertThat((List<Object>) call("SLOWLOG", "HELP")).last().isEqualTo("    Prints this help.");
  }

  /**
   * As in Redis, the slow log counts a command's execution, not the time it waited: a BLPOP that
   * blocked 0.6 s without finding an element executed for microseconds.
   */
  @Test
  void slowlogLeavesOutTheTimeACommandWaitedBlocked() {
    try {
      r.configSet("slowlog-log-slower-than", "300000");
      r.slowlogReset();
      long before = System.nanoTime();
      assertThat(r.blpop(0.6, "slowlog-nothing-here")).isNull();
      assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(500_000_000L); // it did block
      r.set("slowlog-k", "v");
      assertThat(r.slowlogGet(-1)).isEmpty();
    } finally {
      r.configSet("slowlog-log-slower-than", "10000");
    }
  }

  @Test
  void commandCountInfoAndList() {
    long count = r.commandCount();
    assertThat(count).isEqualTo(Commands.table().size());
    assertThat(r.command()).hasSize((int) count);
    List<Object> info = r.commandInfo("get", "set", "nosuch");
    assertThat(info).hasSize(3);
    List<Object> get = (List<Object>) info.get(0);
    assertThat(get.subList(0, 2)).containsExactly("get", 2L);
    assertThat((java.util.Collection<Object>) get.get(2)).containsExactly("readonly", "fast");
    assertThat(get.subList(3, 6)).containsExactly(1L, 1L, 1L);
    assertThat((java.util.Collection<Object>) get.get(6)).containsExactly("@read", "@string", "@fast");
    assertThat(info.get(2)).isNull();
    List<Object> configGet = (List<Object>) ((List<Object>) call("COMMAND", "INFO", "config|get")).get(0);
    assertThat(configGet.subList(0, 2)).containsExactly("config|get", -3L);
    List<Object> config = (List<Object>) ((List<Object>) call("COMMAND", "INFO", "config")).get(0);
    assertThat((List<Object>) config.get(9)).extracting(c -> ((List<Object>) c).get(0)).contains("config|get", "config|set", "config|resetstat", "config|rewrite");

    List<Object> names = (List<Object>) call("COMMAND", "LIST");
    assertThat(names).contains("get", "set", "config", "config|get", "client|kill", "command|getkeys").hasSize(Commands.table().allWithSubcommands().size());
    assertThat((List<Object>) call("COMMAND", "LIST", "FILTERBY", "PATTERN", "get*")).containsExactlyInAnyOrder("get", "getset", "getdel", "getex", "getrange", "getbit");
    assertThat((List<Object>) call("COMMAND", "LIST", "FILTERBY", "ACLCAT", "string")).contains("get", "set", "lcs", "digest").doesNotContain("del", "ping");
    assertThat((List<Object>) call("COMMAND", "LIST", "FILTERBY", "MODULE", "x")).isEmpty();
    assertError("ERR syntax error", "COMMAND", "LIST", "FILTERBY", "bogus", "x");
    assertError("ERR syntax error", "COMMAND", "LIST", "FILTERBY", "PATTERN");
    assertError("ERR wrong number of arguments for 'command|count' command", "COMMAND", "COUNT", "x");
    assertError("ERR unknown subcommand 'bogus'. Try COMMAND HELP.", "COMMAND", "bogus");
  }

  @Test
  void commandInfoFlagsAndCategoriesAsRedis7() {
    // {command, flags, ACL categories} as redis-server 7.0.15's COMMAND INFO lists them
    String[][] expected = {
      {"get", "readonly fast", "@read @string @fast"},
      {"set", "write denyoom", "@write @string @slow"},
      {"echo", "loading stale fast", "@fast @connection"},
      {"auth", "noscript loading stale fast no_auth allow_busy", "@fast @connection"},
      {"hello", "noscript loading stale fast no_auth allow_busy", "@fast @connection"},
      {"client|help", "loading stale", "@slow @connection"},
      {"config|help", "loading stale", "@slow"},
      {"config|get", "admin noscript loading stale", "@admin @slow @dangerous"},
      {"info", "loading stale", "@slow @dangerous"},
      {"lastsave", "loading stale fast", "@admin @fast @dangerous"},
      {"save", "admin noscript no_async_loading no_multi", "@admin @slow @dangerous"},
      {"keys", "readonly", "@keyspace @read @slow @dangerous"},
      {"del", "write", "@keyspace @write @slow"},
      {"mset", "write denyoom", "@write @string @slow"},
    };
    for (String[] e : expected) {
      List<Object> info = (List<Object>) ((List<Object>) call("COMMAND", "INFO", e[0])).get(0);
      assertThat((java.util.Collection<Object>) info.get(2)).as(e[0] + " flags").containsExactlyInAnyOrder((Object[]) e[1].split(" "));
      assertThat((java.util.Collection<Object>) info.get(6)).as(e[0] + " ACL categories").containsExactly((Object[]) e[2].split(" "));
    }
  }

  @Test
  void commandDocsAndGetkeys() {
    Object docs = call("COMMAND", "DOCS", "get", "nosuch");
    Map<Object, Object> byName = protocol == 3 ? (Map<Object, Object>) docs : pairs((List<Object>) docs);
    assertThat(byName).containsOnlyKeys("get");
    Map<Object, Object> get = protocol == 3 ? (Map<Object, Object>) byName.get("get") : pairs((List<Object>) byName.get("get"));
    assertThat(get).containsEntry("since", "1.0.0").containsEntry("group", "string").containsEntry("complexity", "O(1)").containsKey("summary");
    Object configDocs = call("COMMAND", "DOCS", "config");
    Map<Object, Object> config = protocol == 3 ? (Map<Object, Object>) ((Map<Object, Object>) configDocs).get("config") : pairs((List<Object>) pairs((List<Object>) configDocs).get("config"));
    assertThat(config).containsKey("subcommands");

    assertThat((List<Object>) call("COMMAND", "GETKEYS", "SET", "a", "b")).containsExactly("a");
    assertThat((List<Object>) call("COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2")).containsExactly("a", "b");
    assertThat((List<Object>) call("COMMAND", "GETKEYS", "RENAME", "a", "b")).containsExactly("a", "b");
    assertThat((List<Object>) call("COMMAND", "GETKEYS", "OBJECT", "ENCODING", "k")).containsExactly("k");
    assertError("ERR The command has no key arguments", "COMMAND", "GETKEYS", "PING", "x");
    assertError("ERR Invalid command specified", "COMMAND", "GETKEYS", "nosuch", "x");
    assertError("ERR Invalid number of arguments specified for command", "COMMAND", "GETKEYS", "GET", "a", "b");
    assertError("ERR wrong number of arguments for 'command|getkeys' command", "COMMAND", "GETKEYS");
  }

  @Test
  void unknownCommandsAndSubcommands() {
    assertError("ERR unknown command 'nosuch', with args beginning with: 'a' 'b' ", "nosuch", "a", "b");
    assertError("ERR unknown command 'NOSUCH', with args beginning with: ", "NOSUCH");
    assertError("ERR unknown subcommand 'bogus'. Try CLIENT HELP.", "CLIENT", "bogus", "x");
  }

  private static Map<Object, Object> pairs(List<Object> flat) {
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < flat.size(); i += 2) {
      m.put(flat.get(i), flat.get(i + 1));
    }
    return m;
  }
}
