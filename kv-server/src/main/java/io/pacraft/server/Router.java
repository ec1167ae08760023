package io.pacraft.server;

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
import io.pacraft.server.command.CommandSpec;
import java.util.Optional;

/**
 * Redis Cluster routing for keyspace commands: the keys' slot (all keys of a command must share
 * one), the shard serving it, and whether this node leads that shard's group. A follower answers
 * {@code -MOVED slot leader:port} so cluster clients follow leadership on their own; with READONLY
 * it serves reads from its own state, as a Redis replica does. While no leader is known the answer
 * is {@code -CLUSTERDOWN}, never a guess.
 */
final class Router {
  static final String CROSSSLOT = "CROSSSLOT Keys in request don't hash to the same slot";
  static final String NOT_SERVED = "CLUSTERDOWN Hash slot not served";
  static final String DOWN = "CLUSTERDOWN The cluster is down";
  static final String READONLY = "READONLY You can't write against a read only replica.";

  private final Node node;

  Router(Node node) {
    this.node = node;
  }

  Route route(ClientSession session, CommandSpec spec, CommandArgs args) {
    ClusterReplication c = node.cluster();
    if (c == null) {
      return Route.SERVE;
    }
    ReplicaGroup g = c.shard();
    int[] keys = spec.keyPositions(args.argv());
    if (g == null) {
      return Route.reply(NOT_SERVED);
    }
    if (keys.length == 0) {
      if (g.role() == Role.LEADER) {
        return Route.SERVE;
      }
      return spec.isWrite() ? Route.reply(READONLY) : Route.STALE;
    }
    int slot = SlotHash.slot(args.arg(keys[0]));
    for (int i = 1; i < keys.length; i++) {
      if (SlotHash.slot(args.arg(keys[i])) != slot) {
        return Route.reply(CROSSSLOT);
      }
    }
    Optional<ClusterMap> map = c.map();
    Optional<Shard> shard = map.flatMap(m -> m.shardOf(slot));
    if (shard.isEmpty()) {
      return Route.reply(NOT_SERVED);
    }
    if (!shard.get().id().equals(c.shardId())) {
      // Another shard's slot: send the client to a member of it (multi-shard clusters).
      NodeId target = shard.get().members().get(0);
      return map.get().node(target).map(n -> Route.reply("MOVED " + slot + " " + n.clientAddress())).orElse(Route.reply(DOWN));
    }
    if (g.role() == Role.LEADER) {
      return Route.SERVE;
    }
    if (!spec.isWrite() && session.readonly()) {
      return Route.STALE;
    }
    return Route.reply(moved(slot, g.leader()));
  }

  /** The answer to a command this node took as leader but could not finish as one. */
  RespValue notLeader(CommandSpec spec, CommandArgs args, Optional<NodeId> leader) {
    if (node.cluster() == null) {
      return RespValue.error(READONLY);
    }
    int[] keys = spec.keyPositions(args.argv());
    if (keys.length == 0) {
      return RespValue.error(READONLY);
    }
    return RespValue.error(moved(SlotHash.slot(args.arg(keys[0])), leader.isPresent() ? leader : groupLeader()));
  }

  private Optional<NodeId> groupLeader() {
    ReplicaGroup g = node.group();
    return g == null ? Optional.empty() : g.leader().filter(l -> !l.equals(g.self()));
  }

  private String moved(int slot, Optional<NodeId> leader) {
    return leader.flatMap(node::clientAddress).map(a -> "MOVED " + slot + " " + a).orElse(DOWN);
  }
}
