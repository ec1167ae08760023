package io.pacraft.server.command.cluster;

import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.resp.RespValue;
import io.pacraft.server.Node;
import io.pacraft.server.cluster.ClusterMap;
import io.pacraft.server.cluster.ClusterNode;
import io.pacraft.server.cluster.ClusterReplication;
import io.pacraft.server.cluster.Shard;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cluster as Redis Cluster reports it: each shard's leader is a master serving the shard's
 * slots, its other members are replicas (slaves) of it. A shard whose leader this node does not
 * know shows every member as a master without slots, so clients see the slots as not served rather
 * than sent somewhere wrong.
 */
final class ClusterView {
  private ClusterView() {}

  /** The leader of {@code shard} as this node knows it. */
  static Optional<NodeId> leaderOf(Node node, Shard shard) {
    ClusterReplication c = node.cluster();
    ReplicaGroup g = c.shard();
    if (g != null && shard.id().equals(c.shardId())) {
      return g.leader().filter(shard.members()::contains);
    }
    return Optional.empty();
  }

  static String nodes(Node node) {
    ClusterReplication c = ClusterCommands.cluster(node);
    Optional<ClusterMap> map = c.map();
    long now = System.currentTimeMillis();
    StringBuilder sb = new StringBuilder();
    if (map.isEmpty()) {
      int busPort = c.transport().localAddress().getPort();
      sb.append(c.self()).append(' ').append(node.config().get("bind")).append(':').append(node.port()).append('@').append(busPort)
          .append(" myself,master - 0 0 0 connected\n");
      return sb.toString();
    }
    ClusterMap m = map.get();
    for (Shard shard : m.shards()) {
      Optional<NodeId> leader = leaderOf(node, shard);
      for (NodeId id : shard.members()) {
        ClusterNode n = m.node(id).orElse(null);
        if (n == null) {
          continue;
        }
        boolean master = leader.map(id::equals).orElse(true);
        boolean failed = unreachable(c, id);
        sb.append(id).append(' ').append(n.host()).append(':').append(n.port()).append('@').append(n.busPort()).append(' ');
        sb.append(id.equals(c.self()) ? "myself," : "").append(master ? "master" : "slave").append(failed ? ",fail" : "").append(' ');
        sb.append(master ? "-" : leader.get().id()).append(" 0 ").append(now).append(' ').append(m.epoch())
            .append(failed ? " disconnected" : " connected");
        if (master && leader.isPresent()) {
          for (int[] r : shard.slots()) {
            sb.append(' ').append(r[0] == r[1] ? Integer.toString(r[0]) : r[0] + "-" + r[1]);
          }
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /** True when this node's bus tried to reach {@code id} and currently cannot. */
  static boolean unreachable(ClusterReplication c, NodeId id) {
    if (id.equals(c.self())) {
      return false;
    }
    io.pacraft.replication.transport.PeerStats st = c.transport().stats().get(id);
    return st != null && !st.connected() && st.reconnects() > 0;
  }

  private static RespValue nodeEntry(ClusterNode n) {
    return RespValue.array(RespValue.bulk(n.host()), RespValue.integer(n.port()), RespValue.bulk(n.id().id()), new RespValue.Map(List.of()));
  }

  static RespValue slots(Node node) {
    ClusterReplication c = ClusterCommands.cluster(node);
    List<RespValue> out = new ArrayList<>();
    Optional<ClusterMap> map = c.map();
    if (map.isEmpty()) {
      return RespValue.array(out);
    }
    ClusterMap m = map.get();
    for (Shard shard : m.shards()) {
      Optional<NodeId> leader = leaderOf(node, shard);
      if (leader.isEmpty()) {
        continue;
      }
      for (int[] r : shard.slots()) {
        List<RespValue> entry = new ArrayList<>();
        entry.add(RespValue.integer(r[0]));
        entry.add(RespValue.integer(r[1]));
        m.node(leader.get()).ifPresent(n -> entry.add(nodeEntry(n)));
        for (NodeId id : shard.members()) {
          if (!id.equals(leader.get())) {
            m.node(id).ifPresent(n -> entry.add(nodeEntry(n)));
          }
        }
        out.add(RespValue.array(entry));
      }
    }
    return RespValue.array(out);
  }

  static RespValue shards(Node node) {
    ClusterReplication c = ClusterCommands.cluster(node);
    List<RespValue> out = new ArrayList<>();
    Optional<ClusterMap> map = c.map();
    if (map.isEmpty()) {
      return RespValue.array(out);
    }
    ClusterMap m = map.get();
    for (Shard shard : m.shards()) {
      Optional<NodeId> leader = leaderOf(node, shard);
      List<RespValue> slots = new ArrayList<>();
      for (int[] r : shard.slots()) {
        slots.add(RespValue.integer(r[0]));
        slots.add(RespValue.integer(r[1]));
      }
      List<RespValue> nodes = new ArrayList<>();
      for (NodeId id : shard.members()) {
        ClusterNode n = m.node(id).orElse(null);
        if (n == null) {
          continue;
        }
        boolean master = leader.map(id::equals).orElse(false);
        nodes.add(
            new RespValue.Map(
                List.of(
                    RespValue.bulk("id"), RespValue.bulk(id.id()),
                    RespValue.bulk("port"), RespValue.integer(n.port()),
                    RespValue.bulk("ip"), RespValue.bulk(n.host()),
                    RespValue.bulk("endpoint"), RespValue.bulk(n.host()),
                    RespValue.bulk("role"), RespValue.bulk(master ? "master" : "replica"),
                    RespValue.bulk("replication-offset"), RespValue.integer(id.equals(c.self()) ? node.stateMachine().lastApplied() : 0),
                    RespValue.bulk("health"), RespValue.bulk(leader.isPresent() && !unreachable(c, id) ? "online" : "failed"))));
      }
      out.add(new RespValue.Map(List.of(RespValue.bulk("slots"), RespValue.array(slots), RespValue.bulk("nodes"), RespValue.array(nodes))));
    }
    return RespValue.array(out);
  }

}
