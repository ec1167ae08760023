package io.pacraft.server.command.cluster;

import static io.pacraft.server.command.CommandFlag.ADMIN;
import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.LOADING;
import static io.pacraft.server.command.CommandFlag.NOSCRIPT;
import static io.pacraft.server.command.CommandFlag.READONLY;
import static io.pacraft.server.command.CommandFlag.STALE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.Role;
import io.pacraft.resp.RespValue;
import io.pacraft.server.client.ClientSession;
import io.pacraft.server.cluster.ClusterMap;
import io.pacraft.server.cluster.ClusterReplication;
import io.pacraft.server.cluster.Shard;
import io.pacraft.server.cluster.SlotHash;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.ConnectionCommand;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.storage.Bytes;
import io.pacraft.server.storage.Keyspace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksIterator;

/**
 * CLUSTER and READONLY/READWRITE: the Redis Cluster face of a cluster-enabled node, in Redis'
 * formats so that redis-cli -c and Lettuce's cluster client find the leader of every slot; plus
 * pacraft's own BOOTSTRAP and JOIN, which {@code pacraft cluster create} and {@code add-node} use.
 */
public final class ClusterCommands {
  private ClusterCommands() {}

  static final String DISABLED = "ERR This instance has cluster support disabled";

  public static List<CommandSpec> specs() {
    return List.of(
        command("cluster", -2)
            .group("cluster")
            .since("3.0.0")
            .summary("A container for Redis Cluster commands.")
            .subcommand(sub("info", 2, "Returns information about the state of a node.", ClusterCommands::info))
            .subcommand(sub("myid", 2, "Returns the ID of a node.", (s, a) -> RespValue.bulk(cluster(s).self().id())))
            .subcommand(sub("myshardid", 2, "Returns the shard ID of a node.", ClusterCommands::myShardId))
            .subcommand(sub("nodes", 2, "Returns the cluster configuration for a node.", (s, a) -> RespValue.bulk(ClusterView.nodes(s.node()))))
            .subcommand(sub("slots", 2, "Returns the mapping of cluster slots to nodes.", (s, a) -> ClusterView.slots(s.node())))
            .subcommand(sub("shards", 2, "Returns the mapping of cluster slots to shards.", (s, a) -> ClusterView.shards(s.node())))
            .subcommand(sub("keyslot", 3, "Returns the hash slot for a key.", (s, a) -> RespValue.integer(SlotHash.slot(a.arg(2)))))
            .subcommand(
                command("countkeysinslot", 3)
                    .flags(READONLY)
                    .since("3.0.0")
                    .summary("Returns the number of keys in a hash slot.")
                    .run((KeyspaceCommand) ClusterCommands::countKeysInSlot))
            .subcommand(
                command("getkeysinslot", 4)
                    .flags(READONLY)
                    .since("3.0.0")
                    .summary("Returns the key names in a hash slot.")
                    .run((KeyspaceCommand) ClusterCommands::getKeysInSlot))
            .subcommand(sub("failover", -2, "Forces a replica to perform a manual failover of its master.", ClusterCommands::failover).flags(ADMIN))
            .subcommand(sub("bootstrap", 3, "Creates a cluster from a cluster map (pacraft).", (s, a) -> start(s, a, true)).flags(ADMIN))
            .subcommand(sub("join", 3, "Joins a cluster described by a cluster map (pacraft).", (s, a) -> start(s, a, false)).flags(ADMIN))
            .subcommand(sub("map", 2, "Returns the cluster map (pacraft).", ClusterCommands::map))
            .subcommand(sub("setmap", 4, "Replaces the cluster map if its epoch is the one given (pacraft).", ClusterCommands::setMap).flags(ADMIN))
            .subcommand(sub("membership", 5, "Changes a group's members: meta|shard ADD-LEARNER|PROMOTE|REMOVE node (pacraft).", ClusterCommands::membership).flags(ADMIN))
            .subcommand(sub("help", 2, "Returns helpful text about the different subcommands.", ClusterCommands::help))
            .build(),
        command("readonly", 1)
            .flags(LOADING, STALE, FAST)
            .acl("connection")
            .group("cluster")
            .since("3.0.0")
            .summary("Enables read-only queries for a connection to a Redis Cluster replica node.")
            .run((ConnectionCommand) (s, a) -> readonly(s, true))
            .build(),
        command("readwrite", 1)
            .flags(LOADING, STALE, FAST)
            .acl("connection")
            .group("cluster")
            .since("3.0.0")
            .summary("Enables read-write queries for a connection to a Reids Cluster replica node.")
            .run((ConnectionCommand) (s, a) -> readonly(s, false))
            .build());
  }

  private static CommandSpec.Builder sub(String name, int arity, String summary, ConnectionCommand run) {
    return command(name, arity).flags(LOADING, STALE, NOSCRIPT).since("3.0.0").summary(summary).run(run);
  }

  static ClusterReplication cluster(ClientSession s) {
    return cluster(s.node());
  }

  static ClusterReplication cluster(io.pacraft.server.Node node) {
    ClusterReplication c = node.cluster();
    if (c == null) {
      throw new CommandError(DISABLED);
    }
    return c;
  }

  private static Object readonly(ClientSession s, boolean on) {
    cluster(s);
    s.readonly(on);
    return RespValue.OK;
  }

  private static Object myShardId(ClientSession s, CommandArgs a) {
    String id = cluster(s).shardId();
    return id == null ? RespValue.NULL : RespValue.bulk(id);
  }

  private static Object info(ClientSession s, CommandArgs a) {
    ClusterReplication c = cluster(s);
    Optional<ClusterMap> map = c.map();
    ReplicaGroup g = c.shard();
    boolean ok = g != null && g.leader().isPresent();
    int assigned = map.map(m -> m.shards().stream().mapToInt(Shard::slotCount).sum()).orElse(0);
    long epoch = map.map(ClusterMap::epoch).orElse(0L);
    int knownNodes = map.map(m -> m.nodes().size()).orElse(1);
    long size = map.map(m -> m.shards().stream().filter(sh -> sh.slotCount() > 0).count()).orElse(0L);
    String text =
        "cluster_state:" + (ok ? "ok" : "fail") + "\r\n"
            + "cluster_slots_assigned:" + assigned + "\r\n"
            + "cluster_slots_ok:" + (ok ? assigned : 0) + "\r\n"
            + "cluster_slots_pfail:0\r\n"
            + "cluster_slots_fail:" + (ok ? 0 : assigned) + "\r\n"
            + "cluster_known_nodes:" + knownNodes + "\r\n"
            + "cluster_size:" + size + "\r\n"
            + "cluster_current_epoch:" + epoch + "\r\n"
            + "cluster_my_epoch:" + epoch + "\r\n"
            + "cluster_stats_messages_sent:0\r\n"
            + "cluster_stats_messages_received:0\r\n"
            + "total_cluster_links_buffer_limit_exceeded:0\r\n"
            + "cluster_protocol:" + c.protocol() + "\r\n"
            + "cluster_leader:" + (g == null ? "" : g.leader().map(NodeId::id).orElse("")) + "\r\n"
            + "cluster_meta_leader:" + (c.meta() == null ? "" : c.meta().leader().map(NodeId::id).orElse("")) + "\r\n";
    return RespValue.bulk(text);
  }

  private static int slotArg(CommandArgs a, int i, String error) {
    Long v = CommandArgs.tryParseLong(a.arg(i));
    if (v == null || v < 0 || v >= SlotHash.SLOTS) {
      throw new CommandError(error);
    }
    return v.intValue();
  }

  static RespValue countKeysInSlot(Keyspace ks, CommandArgs a) {
    int slot = slotArg(a, 2, "ERR Invalid slot");
    long n = 0;
    byte[] prefix = Keyspace.slotPrefix(slot);
    try (RocksIterator it = ks.iterator(ks.store().meta())) {
      for (it.seek(prefix); it.isValid() && Bytes.startsWith(it.key(), prefix); it.next()) {
        if (ks.live(Keyspace.userKey(it.key()), it.value()) != null) {
          n++;
        }
      }
    }
    return RespValue.integer(n);
  }

  static RespValue getKeysInSlot(Keyspace ks, CommandArgs a) {
    int slot = slotArg(a, 2, "ERR Invalid slot");
    Long count = CommandArgs.tryParseLong(a.arg(3));
    if (count == null || count < 0) {
      throw new CommandError("ERR Invalid number of keys");
    }
    List<RespValue> keys = new ArrayList<>();
    byte[] prefix = Keyspace.slotPrefix(slot);
    try (RocksIterator it = ks.iterator(ks.store().meta())) {
      for (it.seek(prefix); it.isValid() && Bytes.startsWith(it.key(), prefix) && keys.size() < count; it.next()) {
        byte[] k = Keyspace.userKey(it.key());
        if (ks.live(k, it.value()) != null) {
          keys.add(RespValue.bulk(k));
        }
      }
    }
    return RespValue.array(keys);
  }

  /**
   * CLUSTER FAILOVER on a follower: asks its leader to hand leadership to this node (Raft's
   * TimeoutNow after catching it up). Like Redis, replies OK at once; the switch follows.
   */
  private static Object failover(ClientSession s, CommandArgs a) {
    ClusterReplication c = cluster(s);
    if (a.count() > 3 || a.count() == 3 && !a.is(2, "force") && !a.is(2, "takeover")) {
      throw new CommandError("ERR syntax error");
    }
    ReplicaGroup g = c.shard();
    if (g == null) {
      throw new CommandError("ERR This node is not part of a cluster yet");
    }
    if (g.role() == Role.LEADER) {
      throw new CommandError("ERR You should send CLUSTER FAILOVER to a replica");
    }
    if (g.leader().isEmpty()) {
      throw new CommandError("ERR No leader is known: an election is under way");
    }
    c.requestLeadership();
    return RespValue.OK;
  }

  private static Object start(ClientSession s, CommandArgs a, boolean bootstrap) {
    ClusterReplication c = cluster(s);
    ClusterMap map;
    try {
      map = ClusterMap.fromBytes(a.arg(2));
    } catch (IllegalArgumentException e) {
      throw new CommandError("ERR " + e.getMessage());
    }
    try {
      if (bootstrap) {
        c.bootstrap(map);
      } else {
        c.join(map);
      }
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new CommandError(e.getMessage().startsWith("ERR") ? e.getMessage() : "ERR " + e.getMessage());
    } catch (IOException e) {
      throw new CommandError("ERR cannot open the cluster's groups: " + e.getMessage());
    }
    return RespValue.OK;
  }

  private static Object map(ClientSession s, CommandArgs a) {
    return cluster(s).map().map(m -> (RespValue) RespValue.bulk(m.encode())).orElse(RespValue.NULL);
  }

  /** CLUSTER SETMAP epoch map: on the meta group's leader, a compare-and-set of the cluster map. */
  private static Object setMap(ClientSession s, CommandArgs a) {
    ClusterReplication c = cluster(s);
    long expected = a.longArg(2);
    ClusterMap next;
    try {
      next = ClusterMap.fromBytes(a.arg(3));
    } catch (IllegalArgumentException e) {
      throw new CommandError("ERR " + e.getMessage());
    }
    return c.setMap(expected, next)
        .handle(
            (epoch, t) -> {
              if (t == null) {
                return (RespValue) RespValue.integer(epoch);
              }
              return (RespValue) RespValue.error(adminError(t));
            });
  }

  /** CLUSTER MEMBERSHIP meta|shard ADD-LEARNER|PROMOTE|REMOVE node: on that group's leader. */
  private static Object membership(ClientSession s, CommandArgs a) {
    ClusterReplication c = cluster(s);
    ReplicaGroup g = a.is(2, "meta") ? c.meta() : a.is(2, "shard") ? c.shard() : null;
    if (g == null) {
      throw new CommandError(c.joined() ? "ERR group must be meta or shard" : "ERR This node is not part of a cluster yet");
    }
    NodeId node = NodeId.of(a.string(4));
    io.pacraft.replication.MembershipChange change;
    switch (a.word(3)) {
      case "add-learner" -> {
        ClusterMap m = c.map().orElseThrow(() -> new CommandError("ERR no cluster map"));
        io.pacraft.server.cluster.ClusterNode n =
            m.node(node).orElseThrow(() -> new CommandError("ERR node " + node + " is not in the cluster map: add it to the map first"));
        change = new io.pacraft.replication.MembershipChange.AddLearner(new io.pacraft.replication.Member(node, n.busAddress(), false));
      }
      case "promote" -> change = new io.pacraft.replication.MembershipChange.Promote(node);
      case "remove" -> change = new io.pacraft.replication.MembershipChange.Remove(node);
      default -> throw new CommandError("ERR change must be ADD-LEARNER, PROMOTE or REMOVE");
    }
    return g.changeMembership(change)
        .handle((v, t) -> t == null ? (RespValue) RespValue.OK : (RespValue) RespValue.error(adminError(t)));
  }

  private static String adminError(Throwable t) {
    Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof io.pacraft.replication.NotLeaderException nl) {
      return "ERR not the leader of that group" + nl.leader().map(l -> "; leader is " + l).orElse("; no leader known");
    }
    String m = String.valueOf(cause.getMessage());
    return m.startsWith("ERR") ? m : "ERR " + m;
  }

  private static Object help(ClientSession s, CommandArgs a) {
    List<RespValue> lines = new ArrayList<>();
    for (String l :
        List.of(
            "CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "COUNTKEYSINSLOT <slot>",
            "    Return the number of keys in <slot>.",
            "GETKEYSINSLOT <slot> <count>",
            "    Return key names stored by current node in a slot.",
            "FAILOVER [FORCE|TAKEOVER]",
            "    Make this replica the leader of its shard.",
            "INFO",
            "    Return information about the cluster.",
            "KEYSLOT <key>",
            "    Return the hash slot for <key>.",
            "MYID",
            "    Return the node id.",
            "MYSHARDID",
            "    Return the node's shard id.",
            "NODES",
            "    Return cluster configuration seen by node.",
            "SHARDS",
            "    Return information about slot range mappings and the nodes associated with them.",
            "SLOTS",
            "    Return information about slots range mappings.",
            "BOOTSTRAP <map> / JOIN <map>",
            "    Used by pacraft cluster create / add-node.",
            "HELP",
            "    Print this help.")) {
      lines.add(RespValue.bulk(l));
    }
    return RespValue.array(lines);
  }

}
