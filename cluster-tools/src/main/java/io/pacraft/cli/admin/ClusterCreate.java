package io.pacraft.cli.admin;

import io.pacraft.replication.NodeId;
import io.pacraft.server.cluster.ClusterMap;
import io.pacraft.server.cluster.ClusterNode;
import io.pacraft.server.cluster.Shard;
import io.pacraft.server.cluster.SlotHash;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bootstraps a cluster from cluster-enabled nodes that belong to none: one shard of every node
 * owning all 16384 slots, and the meta group whose first three nodes vote. Every node is sent the
 * same map, so they elect their leaders among themselves.
 */
public final class ClusterCreate {
  private ClusterCreate() {}

  /** Creates the cluster and waits (up to {@code waitSeconds}) for a leader; returns the map. */
  public static ClusterMap create(List<String> addresses, String protocol, PrintStream out, int waitSeconds) throws IOException {
    return create(addresses, null, protocol, out, waitSeconds);
  }

  /**
   * As {@link #create(List, String, PrintStream, int)}, with the bus address ({@code host:port})
   * peers are told to reach each node at, e.g. a fault-injecting proxy; null: client port + 10000.
   */
  public static ClusterMap create(List<String> addresses, List<String> busAddresses, String protocol, PrintStream out, int waitSeconds)
      throws IOException {
    if (addresses.isEmpty()) {
      throw new IOException("no nodes given");
    }
    List<ClusterNode> nodes = new ArrayList<>();
    String clusterProtocol = protocol;
    for (String a : addresses) {
      try (NodeClient c = new NodeClient(a, 5000)) {
        String id = c.text("CLUSTER", "MYID");
        Map<String, String> info = NodeClient.fields(c.text("CLUSTER", "INFO"));
        if (c.text("CLUSTER", "MYSHARDID") != null) {
          throw new IOException(a + " already belongs to a cluster");
        }
        String p = info.get("cluster_protocol");
        if (clusterProtocol == null) {
          clusterProtocol = p;
        } else if (!clusterProtocol.equals(p)) {
          throw new IOException(a + " runs " + p + ", not " + clusterProtocol + " (start every node with the same --protocol)");
        }
        int colon = a.lastIndexOf(':');
        int port = Integer.parseInt(a.substring(colon + 1));
        int busPort = busAddresses == null ? port + 10000 : busPort(busAddresses.get(nodes.size()));
        nodes.add(new ClusterNode(NodeId.of(id), a.substring(0, colon), port, busPort));
      } catch (IOException e) {
        throw new IOException(a + ": " + e.getMessage(), e);
      }
    }
    List<NodeId> ids = new ArrayList<>();
    for (ClusterNode n : nodes) {
      if (ids.contains(n.id())) {
        throw new IOException("two addresses reach the same node " + n.id());
      }
      ids.add(n.id());
    }
    Shard shard = new Shard("shard-0", clusterProtocol, ids, List.of(new int[] {0, SlotHash.SLOTS - 1}));
    ClusterMap map = new ClusterMap(1, nodes, List.of(shard), ids.subList(0, Math.min(3, ids.size())));
    out.println("Creating a " + clusterProtocol + " cluster of " + nodes.size() + " node(s): one shard, slots 0-16383, meta voters " + map.metaVoters().size());
    for (String a : addresses) {
      try (NodeClient c = new NodeClient(a, 10000)) {
        c.text("CLUSTER", "BOOTSTRAP", map.encode());
      }
    }
    awaitLeader(addresses, out, waitSeconds);
    return map;
  }

  /** The port of a bus address on the node's own host (a proxy must listen on the same host). */
  static int busPort(String busAddress) throws IOException {
    try {
      return Integer.parseInt(busAddress.substring(busAddress.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      throw new IOException("not host:port: " + busAddress);
    }
  }

  /** Waits until every node reports cluster_state:ok. */
  public static void awaitLeader(List<String> addresses, PrintStream out, int waitSeconds) throws IOException {
    long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      int ok = 0;
      String leader = null;
      for (String a : addresses) {
        try (NodeClient c = new NodeClient(a, 2000)) {
          Map<String, String> info = NodeClient.fields(c.text("CLUSTER", "INFO"));
          if ("ok".equals(info.get("cluster_state"))) {
            ok++;
            leader = info.get("cluster_leader");
          }
        } catch (IOException e) {
          if (String.valueOf(e.getMessage()).contains("cluster support disabled")) {
            // a standalone node answers at once and never will: no point waiting
            throw new IOException(a + " is a standalone node (started without --cluster), not a cluster member", e);
          }
          // not ready yet
        }
      }
      if (ok == addresses.size()) {
        out.println("Cluster is up; leader " + leader);
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
    throw new IOException("no leader elected within " + waitSeconds + " s; see the nodes' logs");
  }
}
