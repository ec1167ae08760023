package io.pacraft.server.config;

import static io.pacraft.server.config.ConfigParameter.anyString;
import static io.pacraft.server.config.ConfigParameter.longRange;
import static io.pacraft.server.config.ConfigParameter.oneOf;

import java.util.List;

/** The parameters a pacraft node knows, with Redis' names, defaults and limits where Redis has them. */
public final class ServerParameters {
  private ServerParameters() {}

  public static final String PORT = "port";
  public static final String DEBUG_CLOCK_OFFSET = "debug-clock-offset-ms";
  public static final String BIND = "bind";
  public static final String DIR = "dir";
  public static final String REQUIREPASS = "requirepass";
  public static final String LOGLEVEL = "loglevel";
  public static final String PROTO_MAX_BULK_LEN = "proto-max-bulk-len";
  public static final String NOTIFY_KEYSPACE_EVENTS = "notify-keyspace-events";
  public static final String SLOWLOG_SLOWER_THAN = "slowlog-log-slower-than";
  public static final String SLOWLOG_MAX_LEN = "slowlog-max-len";
  public static final String MAXCLIENTS = "maxclients";
  public static final String TIMEOUT = "timeout";
  public static final String HZ = "hz";
  public static final String BLOCK_CACHE = "rocksdb-block-cache-size";
  public static final String RECORD_CACHE = "record-cache-size";
  public static final String ACTIVE_EXPIRE_BATCH = "active-expire-batch";

  /** Parses {@code name=value,name=value}; IllegalArgumentException on a malformed item. */
  public static java.util.Map<String, String> settings(String text) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String item : text.split(",")) {
      String t = item.trim();
      if (t.isEmpty()) {
        continue;
      }
      int eq = t.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected name=value, got '" + t + "'");
      }
      m.put(t.substring(0, eq).trim(), t.substring(eq + 1).trim());
    }
    return m;
  }

  private static String settingsList(String text) {
    settings(text);
    return text.trim();
  }

  public static List<ConfigParameter> all() {
    return List.of(
        new ConfigParameter(PORT, "6379", false, longRange(0, 65535), "client port; the cluster bus listens on port + 10000"),
        new ConfigParameter(BIND, "127.0.0.1", false, anyString(), "address the client port binds"),
        new ConfigParameter(DIR, ".", false, anyString(), "data directory"),
        new ConfigParameter(REQUIREPASS, "", true, anyString(), "password of the default user; empty = no AUTH required"),
        new ConfigParameter(LOGLEVEL, "notice", true, oneOf("debug", "verbose", "notice", "warning", "nothing"), "log verbosity"),
        new ConfigParameter(PROTO_MAX_BULK_LEN, "536870912", true, longRange(1024 * 1024, Long.MAX_VALUE), "largest bulk string a request or value may hold"),
        new ConfigParameter(NOTIFY_KEYSPACE_EVENTS, "", true, KeyspaceEventFlags::normalise, "keyspace notification classes (Redis' letters)"),
        new ConfigParameter(SLOWLOG_SLOWER_THAN, "10000", true, longRange(-1, Long.MAX_VALUE), "microseconds above which a command is logged; -1 disables"),
        new ConfigParameter(SLOWLOG_MAX_LEN, "128", true, longRange(0, Long.MAX_VALUE), "slow log entries kept"),
        new ConfigParameter(MAXCLIENTS, "10000", true, longRange(1, Integer.MAX_VALUE), "connections accepted at once"),
        new ConfigParameter(TIMEOUT, "0", true, longRange(0, Integer.MAX_VALUE), "close clients idle this many seconds; 0 = never"),
        new ConfigParameter(HZ, "10", true, longRange(1, 500), "active-expiry and housekeeping cycles per second"),
        new ConfigParameter(DEBUG_CLOCK_OFFSET, "0", true, longRange(-86_400_000L, 86_400_000L),
            "milliseconds added to this node's wall clock (expiry times); fault injection: the clock nemesis of pacraft jepsen"),
        new ConfigParameter(ACTIVE_EXPIRE_BATCH, "200", true, longRange(1, 100000), "expired keys deleted per replicated expiry entry"),
        new ConfigParameter("databases", "1", false, longRange(1, 1), "pacraft has one database, 0"),
        new ConfigParameter("appendonly", "yes", false, oneOf("yes"), "every write is in the replicated log before it is acknowledged"),
        new ConfigParameter("appendfsync", "always", false, oneOf("always"), "the log is fsynced (group commit) before a write is acknowledged"),
        new ConfigParameter("save", "", false, anyString(), "no RDB snapshots: RocksDB and the log are always durable"),
        new ConfigParameter("tcp-keepalive", "300", true, longRange(0, Integer.MAX_VALUE), "TCP keepalive seconds on client connections"),
        new ConfigParameter("cluster-enabled", "no", false, ConfigParameter.yesNo(), "yes: a cluster node (replicated; CLUSTER commands, MOVED); no: a standalone node"),
        new ConfigParameter("replication-settings", "", false, ServerParameters::settingsList, "a cluster node's protocol settings, name=value,name=value (see docs/raft.md, docs/pacifica.md)"),
        new ConfigParameter("cluster-protocol", "raft", false, oneOf("raft", "pacifica"), "replication protocol of a cluster node's shard"),
        new ConfigParameter("io-threads", "1", false, longRange(1, 128), "network event-loop threads; a standalone node logs and applies writes on the first"),
        new ConfigParameter(BLOCK_CACHE, "268435456", false, longRange(1 << 20, Long.MAX_VALUE), "RocksDB block cache bytes"),
        new ConfigParameter(RECORD_CACHE, "16777216", false, longRange(0, Long.MAX_VALUE), "bytes of recently read records kept in front of RocksDB for reads (0: none)"));
  }
}
