package io.pacraft.server.cluster;

import io.pacraft.replication.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster map the meta group holds: its nodes, its shards (members, protocol, slots), the meta
 * group's voters, and an epoch that grows with every change. Immutable; changes make new maps.
 *
 * <p>Text form, one item per line (what the meta group replicates and {@code cluster-state}
 * stores):
 *
 * <pre>
 * epoch 3
 * node &lt;id&gt; &lt;host&gt; &lt;port&gt; &lt;bus port&gt;
 * shard &lt;id&gt; &lt;protocol&gt; &lt;member,member,...&gt; &lt;from-to,from-to,...&gt;
 * meta &lt;voter,voter,...&gt;
 * </pre>
 */
public final class ClusterMap {
  private final long epoch;
  private final Map<NodeId, ClusterNode> nodes;
  private final List<Shard> shards;
  private final List<NodeId> metaVoters;

  public ClusterMap(long epoch, Collection<ClusterNode> nodes, List<Shard> shards, List<NodeId> metaVoters) {
    this.epoch = epoch;
    Map<NodeId, ClusterNode> m = new LinkedHashMap<>();
    for (ClusterNode n : nodes) {
      m.put(n.id(), n);
    }
    this.nodes = java.util.Collections.unmodifiableMap(m);
    this.shards = List.copyOf(shards);
    this.metaVoters = List.copyOf(metaVoters);
  }

  public long epoch() {
    return epoch;
  }

  public Collection<ClusterNode> nodes() {
    return nodes.values();
  }

  public Optional<ClusterNode> node(NodeId id) {
    return Optional.ofNullable(nodes.get(id));
  }

  public List<Shard> shards() {
    return shards;
  }

  public List<NodeId> metaVoters() {
    return metaVoters;
  }

  /** The shard serving {@code slot}, if any. */
  public Optional<Shard> shardOf(int slot) {
    for (Shard s : shards) {
      if (s.serves(slot)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The shard {@code node} belongs to, if any. */
  public Optional<Shard> shardWith(NodeId node) {
    for (Shard s : shards) {
      if (s.members().contains(node)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  public ClusterMap withEpoch(long e) {
    return new ClusterMap(e, nodes.values(), shards, metaVoters);
  }

  public ClusterMap withNode(ClusterNode n) {
    Map<NodeId, ClusterNode> m = new LinkedHashMap<>(nodes);
    m.put(n.id(), n);
    return new ClusterMap(epoch, m.values(), shards, metaVoters);
  }

  public ClusterMap withoutNode(NodeId id) {
    Map<NodeId, ClusterNode> m = new LinkedHashMap<>(nodes);
    m.remove(id);
    List<Shard> ss = new ArrayList<>();
    for (Shard s : shards) {
      List<NodeId> members = new ArrayList<>(s.members());
      members.remove(id);
      ss.add(new Shard(s.id(), s.protocol(), members, s.slots()));
    }
    List<NodeId> voters = new ArrayList<>(metaVoters);
    voters.remove(id);
    return new ClusterMap(epoch, m.values(), ss, voters);
  }

  public ClusterMap withShard(Shard shard) {
    List<Shard> ss = new ArrayList<>();
    boolean replaced = false;
    for (Shard s : shards) {
      if (s.id().equals(shard.id())) {
        ss.add(shard);
        replaced = true;
      } else {
        ss.add(s);
      }
    }
    if (!replaced) {
      ss.add(shard);
    }
    return new ClusterMap(epoch, nodes.values(), ss, metaVoters);
  }

  public String encode() {
    StringBuilder sb = new StringBuilder();
    sb.append("epoch ").append(epoch).append('\n');
    for (ClusterNode n : nodes.values()) {
      sb.append("node ").append(n.id()).append(' ').append(n.host()).append(' ').append(n.port()).append(' ').append(n.busPort()).append('\n');
    }
    for (Shard s : shards) {
      sb.append("shard ").append(s.id()).append(' ').append(s.protocol()).append(' ');
      sb.append(join(s.members())).append(' ');
      List<String> ranges = new ArrayList<>();
      for (int[] r : s.slots()) {
        ranges.add(r[0] + "-" + r[1]);
      }
      sb.append(ranges.isEmpty() ? "-" : String.join(",", ranges)).append('\n');
    }
    sb.append("meta ").append(join(metaVoters)).append('\n');
    return sb.toString();
  }

  public byte[] toBytes() {
    return encode().getBytes(StandardCharsets.UTF_8);
  }

  private static String join(List<NodeId> ids) {
    if (ids.isEmpty()) {
      return "-";
    }
    List<String> s = new ArrayList<>();
    for (NodeId id : ids) {
      s.add(id.id());
    }
    return String.join(",", s);
  }

  private static List<NodeId> ids(String s) {
    List<NodeId> out = new ArrayList<>();
    if (!s.equals("-")) {
      for (String p : s.split(",")) {
        out.add(NodeId.of(p));
      }
    }
    return out;
  }

  /** Parses the text form; IllegalArgumentException naming the bad line. */
  public static ClusterMap decode(String text) {
    long epoch = -1;
    List<ClusterNode> nodes = new ArrayList<>();
    List<Shard> shards = new ArrayList<>();
    List<NodeId> meta = null;
    for (String line : text.split("\n")) {
      line = line.trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(" ");
      try {
        switch (f[0]) {
          case "epoch" -> epoch = Long.parseLong(f[1]);
          case "node" -> nodes.add(new ClusterNode(NodeId.of(f[1]), f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4])));
          case "shard" -> {
            List<int[]> ranges = new ArrayList<>();
            if (!f[4].equals("-")) {
              for (String r : f[4].split(",")) {
                String[] ab = r.split("-");
                ranges.add(new int[] {Integer.parseInt(ab[0]), Integer.parseInt(ab[1])});
              }
            }
            shards.add(new Shard(f[1], f[2], ids(f[3]), ranges));
          }
          case "meta" -> meta = ids(f[1]);
          default -> throw new IllegalArgumentException("unknown item");
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("bad cluster map line '" + line + "': " + e.getMessage(), e);
      }
    }
    if (epoch < 0 || meta == null) {
      throw new IllegalArgumentException("cluster map without epoch or meta line");
    }
    return new ClusterMap(epoch, nodes, shards, meta);
  }

  public static ClusterMap fromBytes(byte[] b) {
    return decode(new String(b, StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClusterMap m && m.encode().equals(encode());
  }

  @Override
  public int hashCode() {
    return encode().hashCode();
  }

  @Override
  public String toString() {
    return encode();
  }
}
