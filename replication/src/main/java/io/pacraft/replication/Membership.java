package io.pacraft.replication;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A group's configuration: its voters (full replicas) and learners, and the log index (Raft) or
 * configuration version (PacificA) at which this configuration took effect.
 */
public final class Membership {
  private final long version;
  private final Map<NodeId, Member> members;

  public Membership(long version, List<Member> members) {
    this.version = version;
    Map<NodeId, Member> m = new LinkedHashMap<>();
    for (Member member : members) {
      if (m.put(member.id(), member) != null) {
        throw new IllegalArgumentException("duplicate member " + member.id());
      }
    }
    this.members = Collections.unmodifiableMap(m);
  }

  public static Membership empty() {
    return new Membership(0, List.of());
  }

  public long version() {
    return version;
  }

  public List<Member> members() {
    return List.copyOf(members.values());
  }

  public Optional<Member> member(NodeId id) {
    return Optional.ofNullable(members.get(id));
  }

  public boolean contains(NodeId id) {
    return members.containsKey(id);
  }

  public boolean isVoter(NodeId id) {
    Member m = members.get(id);
    return m != null && m.voter();
  }

  public Set<NodeId> voters() {
    Set<NodeId> out = new TreeSet<>();
    for (Member m : members.values()) {
      if (m.voter()) {
        out.add(m.id());
      }
    }
    return out;
  }

  public Set<NodeId> learners() {
    Set<NodeId> out = new TreeSet<>();
    for (Member m : members.values()) {
      if (!m.voter()) {
        out.add(m.id());
      }
    }
    return out;
  }

  /** The configuration after {@code change}, at {@code newVersion}. */
  public Membership apply(MembershipChange change, long newVersion) {
    List<Member> next = new ArrayList<>(members.values());
    if (change instanceof MembershipChange.AddLearner a) {
      if (contains(a.member().id())) {
        throw new IllegalArgumentException(a.member().id() + " is already a member");
      }
      next.add(a.member().asLearner());
    } else if (change instanceof MembershipChange.Promote p) {
      if (!contains(p.node())) {
        throw new IllegalArgumentException(p.node() + " is not a member");
      }
      next.replaceAll(x -> x.id().equals(p.node()) ? x.asVoter() : x);
    } else if (change instanceof MembershipChange.Remove r) {
      if (!contains(r.node())) {
        throw new IllegalArgumentException(r.node() + " is not a member");
      }
      next.removeIf(x -> x.id().equals(r.node()));
    }
    return new Membership(newVersion, next);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Membership other
        && version == other.version
        && List.copyOf(members.values()).equals(List.copyOf(other.members.values()));
  }

  @Override
  public int hashCode() {
    return Long.hashCode(version) * 31 + members.hashCode();
  }

  @Override
  public String toString() {
    return "Membership{v" + version + " " + members.values() + "}";
  }
}
