package io.pacraft.server.command.server;

import io.pacraft.server.Node;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.command.connection.ConnectionCommands;
import io.pacraft.server.stats.CommandStats;
import io.pacraft.server.storage.Keyspace;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** INFO: Redis' sections and field names, filled from the node's state. */
final class Info {
  private Info() {}

  static final List<String> DEFAULT =
      List.of("server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");
  static final List<String> ALL =
      List.of("server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "commandstats", "errorstats", "cluster", "keyspace");

  static String render(Node node, List<String> asked) {
    List<String> sections = new ArrayList<>();
    if (asked.isEmpty() || asked.contains("default")) {
      sections.addAll(DEFAULT);
    }
    if (asked.contains("all") || asked.contains("everything")) {
      sections.addAll(ALL);
    }
    for (String a : asked) {
      if (!a.equals("default") && !a.equals("all") && !a.equals("everything")) {
        sections.add(a);
      }
    }
    StringBuilder sb = new StringBuilder();
    List<String> done = new ArrayList<>();
    for (String s : sections) {
      if (done.contains(s)) {
        continue;
      }
      done.add(s);
      Map<String, String> fields = section(node, s);
      if (fields == null) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append("\r\n");
      }
      sb.append("# ").append(title(s)).append("\r\n");
      for (Map.Entry<String, String> e : fields.entrySet()) {
        sb.append(e.getKey()).append(':').append(e.getValue()).append("\r\n");
      }
    }
    return sb.toString();
  }

  private static String title(String s) {
    switch (s) {
      case "cpu":
        return "CPU";
      case "commandstats":
        return "Commandstats";
      case "errorstats":
        return "Errorstats";
      default:
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
  }

  private static Map<String, String> section(Node node, String name) {
    Map<String, String> f = new LinkedHashMap<>();
    long now = System.currentTimeMillis();
    switch (name) {
      case "server" -> {
        long uptime = (now - node.startMillis()) / 1000;
        f.put("redis_version", ConnectionCommands.REDIS_VERSION);
        f.put("pacraft_version", version());
        f.put("redis_mode", node.mode());
        f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        f.put("arch_bits", System.getProperty("sun.arch.data.model", "64"));
        f.put("process_id", Long.toString(ProcessHandle.current().pid()));
        f.put("run_id", node.runId());
        f.put("tcp_port", Integer.toString(node.port()));
        f.put("server_time_usec", Long.toString(now * 1000));
        f.put("uptime_in_seconds", Long.toString(uptime));
        f.put("uptime_in_days", Long.toString(uptime / 86400));
        f.put("hz", node.config().get("hz"));
        f.put("executable", "pacraft");
        f.put("config_file", node.config().file() == null ? "" : node.config().file().toAbsolutePath().toString());
        f.put("java_version", System.getProperty("java.version"));
        f.put("replication_protocol", node.protocolName());
      }
      case "clients" -> {
        int pubsub = 0;
        int blocked = 0;
        for (ClientSession c : node.clients().all()) {
          if (c.clientType().equals("pubsub")) {
            pubsub++;
          }
          if (c.flags().contains("b")) {
            blocked++;
          }
        }
        f.put("connected_clients", Integer.toString(node.clients().size()));
        f.put("cluster_connections", "0");
        f.put("maxclients", node.config().get("maxclients"));
        f.put("client_recent_max_input_buffer", "0");
        f.put("client_recent_max_output_buffer", "0");
        f.put("blocked_clients", Integer.toString(blocked));
        f.put("tracking_clients", "0");
        f.put("pubsub_clients", Integer.toString(pubsub));
        f.put("clients_in_timeout_table", "0");
      }
      case "memory" -> {
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long rocks = node.stateMachine().store().longProperty("rocksdb.cur-size-all-mem-tables")
            + node.stateMachine().store().longProperty("rocksdb.block-cache-usage") / 5;
        long used = heapUsed + Math.max(0, rocks);
        f.put("used_memory", Long.toString(used));
        f.put("used_memory_human", human(used));
        f.put("used_memory_rss", Long.toString(rt.totalMemory()));
        f.put("used_memory_rss_human", human(rt.totalMemory()));
        f.put("used_memory_peak", Long.toString(used));
        f.put("used_memory_peak_human", human(used));
        f.put("used_memory_dataset", Long.toString(Math.max(0, rocks)));
        f.put("total_system_memory", Long.toString(totalSystemMemory()));
        f.put("total_system_memory_human", human(totalSystemMemory()));
        f.put("maxmemory", "0");
        f.put("maxmemory_human", "0B");
        f.put("maxmemory_policy", "noeviction");
        f.put("jvm_heap_used", Long.toString(heapUsed));
        f.put("jvm_heap_max", Long.toString(rt.maxMemory()));
        f.put("rocksdb_memtables", Long.toString(node.stateMachine().store().longProperty("rocksdb.cur-size-all-mem-tables")));
        f.put("rocksdb_sst_files_size", Long.toString(node.stateMachine().store().longProperty("rocksdb.total-sst-files-size")));
        f.put("rocksdb_estimate_live_data_size", Long.toString(node.stateMachine().store().longProperty("rocksdb.estimate-live-data-size")));
      }
      case "persistence" -> {
        f.put("loading", "0");
        f.put("async_loading", "0");
        f.put("rdb_changes_since_last_save", "0");
        f.put("rdb_bgsave_in_progress", "0");
        f.put("rdb_last_save_time", Long.toString(node.lastSaveSeconds()));
        f.put("rdb_last_bgsave_status", "ok");
        f.put("aof_enabled", "1");
        f.put("aof_rewrite_in_progress", "0");
        f.put("aof_last_write_status", node.logWriteStatus());
        f.put("applied_index", Long.toString(node.stateMachine().lastApplied()));
      }
      case "stats" -> {
        var st = node.stats();
        f.put("total_connections_received", Long.toString(node.clients().totalConnections()));
        f.put("total_commands_processed", Long.toString(st.commandsProcessed.sum()));
        f.put("instantaneous_ops_per_sec", Long.toString(st.instantaneousOps()));
        f.put("total_net_input_bytes", Long.toString(st.netInputBytes.sum()));
        f.put("total_net_output_bytes", Long.toString(st.netOutputBytes.sum()));
        f.put("rejected_connections", Long.toString(node.clients().rejected()));
        f.put("expired_keys", Long.toString(st.expiredKeys.sum()));
        f.put("evicted_keys", "0");
        f.put("keyspace_hits", Long.toString(st.keyspaceHits.sum()));
        f.put("keyspace_misses", Long.toString(st.keyspaceMisses.sum()));
        f.put("pubsub_channels", Integer.toString(node.pubsub().channelCount()));
        f.put("pubsub_patterns", Integer.toString(node.pubsub().patternCount()));
        f.put("total_error_replies", Long.toString(st.errorReplies.sum()));
      }
      case "replication" -> {
        f.putAll(node.replicationInfo());
      }
      case "cpu" -> {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuNanos = 0;
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
          cpuNanos = sun.getProcessCpuTime();
        }
        f.put("used_cpu_sys", String.format(Locale.ROOT, "%.6f", 0.0));
        f.put("used_cpu_user", String.format(Locale.ROOT, "%.6f", cpuNanos / 1e9));
        f.put("used_cpu_sys_children", "0.000000");
        f.put("used_cpu_user_children", "0.000000");
        f.put("threads", Integer.toString(threads.getThreadCount()));
      }
      case "modules" -> {
        // no modules
      }
      case "commandstats" -> {
        Map<String, CommandStats> sorted = new TreeMap<>(node.stats().perCommand());
        for (Map.Entry<String, CommandStats> e : sorted.entrySet()) {
          CommandStats c = e.getValue();
          long calls = c.calls.sum();
          if (calls == 0) {
            continue;
          }
          long usec = c.micros.sum();
          f.put(
              "cmdstat_" + e.getKey(),
              "calls=" + calls + ",usec=" + usec + ",usec_per_call="
                  + String.format(Locale.ROOT, "%.2f", (double) usec / calls)
                  + ",rejected_calls=" + c.rejected.sum() + ",failed_calls=" + c.failed.sum());
        }
      }
      case "errorstats" -> {
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(node.stats().errorsByPrefix()).entrySet()) {
          f.put("errorstat_" + e.getKey(), "count=" + e.getValue().sum());
        }
      }
      case "cluster" -> f.put("cluster_enabled", node.clusterEnabled() ? "1" : "0");
      case "keyspace" -> {
        Keyspace.Counters c = node.stateMachine().counters();
        if (c.keys > 0) {
          f.put("db0", "keys=" + c.keys + ",expires=" + c.expires + ",avg_ttl=0");
        }
      }
      default -> {
        return node.extraInfoSection(name);
      }
    }
    return f;
  }

  private static long totalSystemMemory() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getTotalMemorySize();
    }
    return 0;
  }

  static String version() {
    String v = Info.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    String[] units = {"K", "M", "G", "T"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.2f%s", v, units[u]);
  }
}
