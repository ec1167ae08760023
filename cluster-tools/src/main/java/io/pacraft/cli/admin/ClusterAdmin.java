package io.pacraft.cli.admin;

import io.pacraft.replication.NodeId;
import io.pacraft.resp.RespValue;
import io.pacraft.server.cluster.ClusterMap;
import io.pacraft.server.cluster.ClusterNode;
import io.pacraft.server.cluster.Shard;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin operations behind {@code pacraft cluster status|failover|add-node|remove-node}, done
 * over RESP against the nodes: each change goes to the leader of the group it changes, and a step
 * that meets a leader change is retried against the new leader.
 */
public final class ClusterAdmin {
  private static final int TIMEOUT_MS = 5000;
  private final String seed;
  private final PrintStream out;

  public ClusterAdmin(String seed, PrintStream out) {
    this.seed = seed;
    this.out = out;
  }

  /** The cluster map as the seed node knows it. */
  public ClusterMap map() throws IOException {
    try (NodeClient c = new NodeClient(seed, TIMEOUT_MS)) {
      String text = c.text("CLUSTER", "MAP");
      if (text == null) {
        throw new IOException(seed + " is not part of a cluster");
      }
      return ClusterMap.decode(text);
    }
  }

  /** The leader of the shard (or, with {@code meta}, of the meta group) as any reachable node says. */
  public Optional<ClusterNode> leader(ClusterMap map, boolean meta) {
    String field = meta ? "cluster_meta_leader" : "cluster_leader";
    for (ClusterNode n : map.nodes()) {
      try (NodeClient c = new NodeClient(n.clientAddress(), 2000)) {
        String id = NodeClient.fields(c.text("CLUSTER", "INFO")).get(field);
        if (id != null && !id.isEmpty()) {
          Optional<ClusterNode> l = map.node(NodeId.of(id));
          if (l.isPresent()) {
            return l;
          }
        }
      } catch (IOException e) {
        // try the next node
      }
    }
    return Optional.empty();
  }

  private ClusterNode awaitLeader(ClusterMap map, boolean meta, long deadline) throws IOException {
    while (System.nanoTime() < deadline) {
      Optional<ClusterNode> l = leader(map, meta);
      if (l.isPresent()) {
        return l.get();
      }
      sleep(200);
    }
    throw new IOException("no " + (meta ? "meta " : "") + "leader known");
  }

  /** Runs a command on the current leader of a group, retrying across leader changes. */
  private RespValue onLeader(boolean meta, long seconds, String... args) throws IOException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    String last = "";
    while (System.nanoTime() < deadline) {
      ClusterMap m = map();
      ClusterNode leader = awaitLeader(m, meta, deadline);
      try (NodeClient c = new NodeClient(leader.clientAddress(), 30_000)) {
        RespValue r = c.call(args);
        if (r instanceof RespValue.Error e && e.message().contains("not the leader")) {
          last = e.message();
          sleep(200);
          continue;
        }
        if (r instanceof RespValue.Error e) {
          throw new IOException(String.join(" ", args).split(" ")[1] + ": " + e.message());
        }
        return r;
      } catch (java.net.SocketTimeoutException | java.net.ConnectException e) {
        last = e.toString();
        sleep(200);
      }
    }
    throw new IOException("gave up: " + last);
  }

  // ------------------------------------------------------------------ status

  /** One node's state as {@code cluster status} shows it. */
  public record NodeStatus(ClusterNode node, boolean up, String role, String term, long commit, long applied) {}

  public List<NodeStatus> status(ClusterMap map) {
    List<NodeStatus> rows = new ArrayList<>();
    for (ClusterNode n : map.nodes()) {
      try (NodeClient c = new NodeClient(n.clientAddress(), 2000)) {
        Map<String, String> info = NodeClient.fields(c.text("CLUSTER", "INFO"));
        String protocol = info.getOrDefault("cluster_protocol", "raft");
        Map<String, String> p = NodeClient.fields(c.text("INFO", protocol));
        String term = p.getOrDefault("term", p.getOrDefault("configuration_version", p.getOrDefault("version", "?")));
        rows.add(
            new NodeStatus(
                n, true, p.getOrDefault("role", "?"), term,
                parse(p.get("commit_index")), parse(p.get("applied_index"))));
      } catch (IOException e) {
        rows.add(new NodeStatus(n, false, "down", "-", -1, -1));
      }
    }
    return rows;
  }

  private static long parse(String s) {
    try {
      return s == null ? -1 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Prints the status table and a verdict; returns 0 healthy, 1 degraded, 2 down. */
  public int printStatus() throws IOException {
    ClusterMap map = map();
    List<NodeStatus> rows = status(map);
    long leaderCommit = rows.stream().filter(r -> r.role().equals("leader")).mapToLong(NodeStatus::commit).max().orElse(-1);
    out.printf("%-42s %-21s %-9s %-6s %10s %10s %8s%n", "NODE", "ADDRESS", "ROLE", "TERM", "COMMIT", "APPLIED", "LAG");
    int up = 0;
    long maxLag = 0;
    int leaders = 0;
    for (NodeStatus r : rows) {
      long lag = r.up() && leaderCommit >= 0 ? Math.max(0, leaderCommit - r.applied()) : -1;
      if (r.up()) {
        up++;
        maxLag = Math.max(maxLag, lag);
      }
      if (r.role().equals("leader")) {
        leaders++;
      }
      out.printf("%-42s %-21s %-9s %-6s %10s %10s %8s%n", r.node().id(), r.node().clientAddress(), r.role(), r.term(),
          r.up() ? r.commit() : "-", r.up() ? r.applied() : "-", lag >= 0 ? lag : "-");
    }
    if (leaders == 0) {
      out.println("DOWN: no node leads the shard (" + up + "/" + rows.size() + " nodes reachable): writes and linearizable reads are refused until one is elected");
      return 2;
    }
    if (up < rows.size()) {
      out.println("DEGRADED: " + (rows.size() - up) + " of " + rows.size() + " nodes unreachable; the shard serves with its leader");
      return 1;
    }
    out.println("OK: " + rows.size() + " nodes up, one leader, largest lag " + maxLag + " entries");
    return 0;
  }

  // ------------------------------------------------------------------ failover

  /** Moves the shard's leadership to {@code to} (or a follower of its choosing) and waits for it. */
  public ClusterNode failover(Optional<String> to, int waitSeconds) throws IOException {
    ClusterMap map = map();
    long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
    ClusterNode leader = awaitLeader(map, false, deadline);
    ClusterNode target;
    if (to.isPresent()) {
      target = find(map, to.get()).orElseThrow(() -> new IOException("no node " + to.get() + " in the cluster"));
      if (target.id().equals(leader.id())) {
        out.println(target.id() + " already leads the shard");
        return target;
      }
    } else {
      target = null;
      long best = -1;
      for (NodeStatus r : status(map)) {
        if (r.up() && !r.node().id().equals(leader.id()) && r.applied() > best) {
          best = r.applied();
          target = r.node();
        }
      }
      if (target == null) {
        throw new IOException("no reachable follower to hand leadership to");
      }
    }
    out.println("Moving leadership from " + leader.id() + " to " + target.id());
    while (System.nanoTime() < deadline) {
      try (NodeClient c = new NodeClient(target.clientAddress(), TIMEOUT_MS)) {
        RespValue r = c.call("CLUSTER", "FAILOVER");
        if (r instanceof RespValue.Error e && !e.message().contains("leader")) {
          throw new IOException(e.message());
        }
      }
      long until = System.nanoTime() + 3_000_000_000L;
      while (System.nanoTime() < until) {
        Optional<ClusterNode> l = leader(map, false);
        if (l.isPresent() && l.get().id().equals(target.id())) {
          out.println(target.id() + " leads the shard now");
          return target;
        }
        sleep(100);
      }
    }
    throw new IOException("leadership did not move to " + target.id() + " within " + waitSeconds + " s");
  }

  /** A node by id (or id prefix) or by client address. */
  public static Optional<ClusterNode> find(ClusterMap map, String idOrAddress) {
    for (ClusterNode n : map.nodes()) {
      if (n.clientAddress().equals(idOrAddress) || n.id().id().equals(idOrAddress)) {
        return Optional.of(n);
      }
    }
    List<ClusterNode> prefixed = new ArrayList<>();
    for (ClusterNode n : map.nodes()) {
      if (idOrAddress.length() >= 6 && n.id().id().startsWith(idOrAddress)) {
        prefixed.add(n);
      }
    }
    return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
  }

  // ------------------------------------------------------------------ add-node

  /**
   * Adds a cluster-enabled node that belongs to no cluster: it enters the map, opens its groups
   * empty, is added as a learner (non-voting) to the meta group and the shard, catches up (a
   * snapshot when the log no longer reaches back far enough), and is then promoted to a full
   * member of the shard.
   */
  public void addNode(String newAddress, int waitSeconds) throws IOException {
    addNode(newAddress, null, waitSeconds);
  }

  /** As {@link #addNode(String, int)}, peers reaching the node's bus at {@code busAddress} (null: port + 10000). */
  public void addNode(String newAddress, String busAddress, int waitSeconds) throws IOException {
    ClusterNode fresh;
    try (NodeClient c = new NodeClient(newAddress, TIMEOUT_MS)) {
      if (c.text("CLUSTER", "MYSHARDID") != null) {
        throw new IOException(newAddress + " already belongs to a cluster");
      }
      String id = c.text("CLUSTER", "MYID");
      int colon = newAddress.lastIndexOf(':');
      int port = Integer.parseInt(newAddress.substring(colon + 1));
      int busPort = busAddress == null ? port + 10000 : ClusterCreate.busPort(busAddress);
      fresh = new ClusterNode(NodeId.of(id), newAddress.substring(0, colon), port, busPort);
    }
    ClusterMap map = map();
    if (map.node(fresh.id()).isPresent()) {
      throw new IOException(fresh.id() + " is already in the cluster map");
    }
    Shard shard = map.shards().get(0);
    List<NodeId> members = new ArrayList<>(shard.members());
    members.add(fresh.id());
    ClusterMap next = map.withNode(fresh).withShard(new Shard(shard.id(), shard.protocol(), members, shard.slots()));
    out.println("Adding " + fresh.id() + " (" + newAddress + ") to " + shard.id());
    onLeader(true, waitSeconds, "CLUSTER", "SETMAP", Long.toString(map.epoch()), next.encode());
    try (NodeClient c = new NodeClient(newAddress, TIMEOUT_MS)) {
      c.text("CLUSTER", "JOIN", next.withEpoch(map.epoch() + 1).encode());
    }
    onLeader(true, waitSeconds, "CLUSTER", "MEMBERSHIP", "meta", "ADD-LEARNER", fresh.id().id());
    onLeader(false, waitSeconds, "CLUSTER", "MEMBERSHIP", "shard", "ADD-LEARNER", fresh.id().id());
    catchUp(next, fresh, waitSeconds);
    onLeader(false, waitSeconds, "CLUSTER", "MEMBERSHIP", "shard", "PROMOTE", fresh.id().id());
    out.println(fresh.id() + " is a full member of " + shard.id());
    keepThreeMetaVoters(waitSeconds);
  }

  /** Promotes meta learners until the meta group has three voters (or every node votes). */
  private void keepThreeMetaVoters(int waitSeconds) throws IOException {
    ClusterMap m = map();
    for (ClusterNode n : m.nodes()) {
      if (m.metaVoters().size() >= 3) {
        return;
      }
      if (m.metaVoters().contains(n.id())) {
        continue;
      }
      onLeader(true, waitSeconds, "CLUSTER", "MEMBERSHIP", "meta", "PROMOTE", n.id().id());
      List<NodeId> voters = new ArrayList<>(m.metaVoters());
      voters.add(n.id());
      ClusterMap next = new ClusterMap(m.epoch(), m.nodes(), m.shards(), voters);
      onLeader(true, waitSeconds, "CLUSTER", "SETMAP", Long.toString(m.epoch()), next.encode());
      out.println(n.id() + " now votes in the meta group");
      m = map();
    }
  }

  /** Shows a progress bar while {@code node}'s applied index approaches the leader's commit index. */
  private void catchUp(ClusterMap map, ClusterNode node, int waitSeconds) throws IOException {
    long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
    ProgressBar bar = new ProgressBar(out, "catching up");
    while (System.nanoTime() < deadline) {
      long target = -1;
      long applied = -1;
      for (NodeStatus r : status(map)) {
        if (r.role().equals("leader")) {
          target = r.commit();
        }
        if (r.node().id().equals(node.id())) {
          applied = r.applied();
        }
      }
      if (target > 0 && applied >= 0) {
        bar.show(applied, target);
        if (applied >= target - 10) {
          bar.done();
          return;
        }
      }
      sleep(250);
    }
    bar.done();
    throw new IOException(node.id() + " did not catch up within " + waitSeconds + " s");
  }

  // ------------------------------------------------------------------ remove-node

  /** Removes a node from the shard, the meta group and the map; a leader hands leadership over first. */
  public void removeNode(String idOrAddress, int waitSeconds) throws IOException {
    ClusterMap map = map();
    ClusterNode gone = find(map, idOrAddress).orElseThrow(() -> new IOException("no node " + idOrAddress + " in the cluster"));
    if (map.nodes().size() == 1) {
      throw new IOException("cannot remove the last node");
    }
    long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
    ClusterNode leader = awaitLeader(map, false, deadline);
    if (leader.id().equals(gone.id())) {
      failover(Optional.empty(), waitSeconds);
    }
    out.println("Removing " + gone.id() + " (" + gone.clientAddress() + ")");
    onLeader(false, waitSeconds, "CLUSTER", "MEMBERSHIP", "shard", "REMOVE", gone.id().id());
    // A leaving meta leader commits its removal and steps down; another voter takes over.
    onLeader(true, waitSeconds, "CLUSTER", "MEMBERSHIP", "meta", "REMOVE", gone.id().id());
    ClusterMap now = map();
    ClusterMap next = now.withoutNode(gone.id());
    onLeader(true, waitSeconds, "CLUSTER", "SETMAP", Long.toString(now.epoch()), next.encode());
    keepThreeMetaVoters(waitSeconds);
    out.println(gone.id() + " removed; stop its process (its data directory is no longer used)");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
