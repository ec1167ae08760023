package io.pacraft.server.command.set;

import static io.pacraft.server.command.CommandFlag.DENYOOM;
import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.READONLY;
import static io.pacraft.server.command.CommandFlag.WRITE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.command.MemberScan;
import io.pacraft.server.command.NumKeys;
import io.pacraft.server.command.PopCount;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.command.hash.HashCommands;
import io.pacraft.server.storage.Collection;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.MemberIterator;
import io.pacraft.server.storage.RandomMembers;
import io.pacraft.server.storage.SetType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** The set commands: parsing and replies; the encoding is {@link SetType}'s. */
public final class SetCommands {
  private SetCommands() {}

  public static List<CommandSpec> specs() {
    return List.of(
        set("sadd", -3, "1.0.0", "Add one or more members to a set.", "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
            .flags(WRITE, DENYOOM, FAST)
            .run((KeyspaceCommand) SetCommands::sadd)
            .build(),
        set("srem", -3, "1.0.0", "Remove one or more members from a set.", "O(N) where N is the number of members to be removed.")
            .flags(WRITE, FAST)
            .run((KeyspaceCommand) SetCommands::srem)
            .build(),
        set("smembers", 2, "1.0.0", "Get all the members in a set.", "O(N) where N is the set cardinality.")
            .flags(READONLY)
            .run((KeyspaceCommand) SetCommands::smembers)
            .build(),
        set("sismember", 3, "1.0.0", "Determine if a given value is a member of a set.", "O(1)")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) SetCommands::sismember)
            .build(),
        set("smismember", -3, "6.2.0", "Returns the membership associated with the given elements for a set.", "O(N) where N is the number of elements being checked for membership")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) SetCommands::smismember)
            .build(),
        set("scard", 2, "1.0.0", "Get the number of members in a set.", "O(1)")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) SetCommands::scard)
            .build(),
        set("spop", -2, "1.0.0", "Remove and return one or multiple random members from a set.",
                "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.")
            .flags(WRITE, FAST)
            .run(KeyspaceCommand.of(a -> PopCount.parse(a, false), SetCommands::spop))
            .build(),
        set("srandmember", -2, "1.0.0", "Get one or multiple random members from a set.",
                "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.")
            .flags(READONLY)
            .run((KeyspaceCommand) SetCommands::srandmember)
            .build(),
        set("smove", 4, "1.0.0", "Move a member from one set to another.", "O(1)")
            .flags(WRITE, FAST)
            .keys(1, 2, 1)
            .run((KeyspaceCommand) SetCommands::smove)
            .build(),
        set("sinter", -2, "1.0.0", "Intersect multiple sets.", "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
            .flags(READONLY)
            .keys(1, -1, 1)
            .run((KeyspaceCommand) (ks, a) -> reply(inter(ks, a, 1, a.count(), 0)))
            .build(),
        set("sintercard", -3, "7.0.0", "Intersect multiple sets and return the cardinality of the result.",
                "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
            .flags(READONLY)
            .keys(0, 0, 0)
            .movableKeys(NumKeys.after(1))
            .run((KeyspaceCommand) SetCommands::sintercard)
            .build(),
        set("sinterstore", -3, "1.0.0", "Intersect multiple sets and store the resulting set in a key.",
                "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
            .flags(WRITE, DENYOOM)
            .keys(1, -1, 1)
            .run((KeyspaceCommand) (ks, a) -> store(ks, a, "sinterstore", inter(ks, a, 2, a.count(), 0)))
            .build(),
        set("sunion", -2, "1.0.0", "Add multiple sets.", "O(N) where N is the total number of elements in all given sets.")
            .flags(READONLY)
            .keys(1, -1, 1)
            .run((KeyspaceCommand) (ks, a) -> reply(union(ks, a, 1)))
            .build(),
        set("sunionstore", -3, "1.0.0", "Add multiple sets and store the resulting set in a key.",
                "O(N) where N is the total number of elements in all given sets.")
            .flags(WRITE, DENYOOM)
            .keys(1, -1, 1)
            .run((KeyspaceCommand) (ks, a) -> store(ks, a, "sunionstore", union(ks, a, 2)))
            .build(),
        set("sdiff", -2, "1.0.0", "Subtract multiple sets.", "O(N) where N is the total number of elements in all given sets.")
            .flags(READONLY)
            .keys(1, -1, 1)
            .run((KeyspaceCommand) (ks, a) -> reply(diff(ks, a, 1)))
            .build(),
        set("sdiffstore", -3, "1.0.0", "Subtract multiple sets and store the resulting set in a key.",
                "O(N) where N is the total number of elements in all given sets.")
            .flags(WRITE, DENYOOM)
            .keys(1, -1, 1)
            .run((KeyspaceCommand) (ks, a) -> store(ks, a, "sdiffstore", diff(ks, a, 2)))
            .build(),
        set("sscan", -3, "2.8.0", "Incrementally iterate Set elements.",
                "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.")
            .flags(READONLY)
            .run((KeyspaceCommand) SetCommands::sscan)
            .build());
  }

  private static CommandSpec.Builder set(String name, int arity, String since, String summary, String complexity) {
    return command(name, arity).keys(1, 1, 1).acl("set").group("set").since(since).summary(summary).complexity(complexity);
  }

  private static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

  static RespValue sadd(Keyspace ks, CommandArgs a) {
    byte[] key = a.arg(1);
    Collection c = SetType.findOrCreate(ks, key);
    long added = 0;
    for (int i = 2; i < a.count(); i++) {
      if (SetType.add(c, a.arg(i))) {
        added++;
      }
    }
    if (added > 0) {
      c.save();
      ks.event(key, "sadd", 's');
    }
    return RespValue.integer(added);
  }

  static RespValue srem(Keyspace ks, CommandArgs a) {
    byte[] key = a.arg(1);
    Collection c = SetType.find(ks, key);
    if (c == null) {
      return RespValue.ZERO;
    }
    long removed = 0;
    for (int i = 2; i < a.count(); i++) {
      if (SetType.remove(c, a.arg(i))) {
        removed++;
      }
    }
    if (removed > 0) {
      c.saveRemoval("srem", 's');
    }
    return RespValue.integer(removed);
  }

  static RespValue smembers(Keyspace ks, CommandArgs a) {
    Collection c = SetType.find(ks, a.arg(1));
    if (c == null) {
      return new RespValue.Set(List.of());
    }
    List<RespValue> out = new ArrayList<>((int) Math.min(c.size(), 1 << 20));
    try (MemberIterator it = c.members().first()) {
      for (; it.valid(); it.next()) {
        out.add(RespValue.bulk(it.suffix()));
      }
    }
    return new RespValue.Set(out);
  }

  static RespValue sismember(Keyspace ks, CommandArgs a) {
    Collection c = SetType.find(ks, a.arg(1));
    return c != null && SetType.contains(c, a.arg(2)) ? RespValue.ONE : RespValue.ZERO;
  }

  static RespValue smismember(Keyspace ks, CommandArgs a) {
    Collection c = SetType.find(ks, a.arg(1));
    List<RespValue> out = new ArrayList<>(a.count() - 2);
    for (int i = 2; i < a.count(); i++) {
      out.add(c != null && SetType.contains(c, a.arg(i)) ? RespValue.ONE : RespValue.ZERO);
    }
    return RespValue.array(out);
  }

  static RespValue scard(Keyspace ks, CommandArgs a) {
    Collection c = SetType.find(ks, a.arg(1));
    return RespValue.integer(c == null ? 0 : c.size());
  }

  /**
   * SPOP: the members are chosen with the keyspace's random source, which the leader seeds and the
   * log entry carries, so every replica removes the same members.
   */
  static RespValue spop(Keyspace ks, CommandArgs a) {
    long count = PopCount.parse(a, false);
    byte[] key = a.arg(1);
    Collection c = SetType.find(ks, key);
    if (count < 0) {
      RandomMembers.Pick p = c == null ? null : RandomMembers.one(c, ks.random());
      if (p == null) {
        return RespValue.NULL;
      }
      SetType.remove(c, p.member());
      c.saveRemoval("spop", 's');
      return RespValue.bulk(p.member());
    }
    if (c == null || count == 0) {
      return new RespValue.Set(List.of());
    }
    List<RespValue> out = new ArrayList<>();
    if (count >= c.size()) {
      try (MemberIterator it = c.members().first()) {
        for (; it.valid(); it.next()) {
          out.add(RespValue.bulk(it.suffix()));
        }
      }
      c.drop();
      c.save();
      ks.event(key, "spop", 's');
      ks.event(key, "del", 'g');
      return new RespValue.Set(out);
    }
    for (RandomMembers.Pick p : RandomMembers.distinct(c, count, ks.random())) {
      SetType.remove(c, p.member());
      out.add(RespValue.bulk(p.member()));
    }
    c.saveRemoval("spop", 's');
    return new RespValue.Set(out);
  }

  static RespValue srandmember(Keyspace ks, CommandArgs a) {
    if (a.count() > 3) {
      throw RedisErrors.syntax();
    }
    Collection c;
    if (a.count() == 2) {
      c = SetType.find(ks, a.arg(1));
      RandomMembers.Pick p = c == null ? null : RandomMembers.one(c, ks.random());
      return p == null ? RespValue.NULL : RespValue.bulk(p.member());
    }
    long count = HashCommands.randomCount(a, 2);
    c = SetType.find(ks, a.arg(1));
    if (c == null || count == 0) {
      return RespValue.EMPTY_ARRAY;
    }
    List<RespValue> out = new ArrayList<>();
    for (RandomMembers.Pick p : HashCommands.randomPicks(c, count, ks.random())) {
      out.add(RespValue.bulk(p.member()));
    }
    return RespValue.array(out);
  }

  static RespValue smove(Keyspace ks, CommandArgs a) {
    byte[] src = a.arg(1);
    byte[] dst = a.arg(2);
    byte[] member = a.arg(3);
    Collection from = SetType.find(ks, src);
    if (from == null) {
      return RespValue.ZERO;
    }
    Collection to = SetType.find(ks, dst);
    if (Arrays.equals(src, dst)) {
      return SetType.contains(from, member) ? RespValue.ONE : RespValue.ZERO;
    }
    if (!SetType.remove(from, member)) {
      return RespValue.ZERO;
    }
    from.saveRemoval("srem", 's');
    if (to == null) {
      to = SetType.findOrCreate(ks, dst);
    }
    if (SetType.add(to, member)) {
      to.save();
      ks.event(dst, "sadd", 's');
    }
    return RespValue.ONE;
  }

  // ------------------------------------------------------------------ algebra

  /** The sets at arguments [from, to): null for an absent key (an empty set); WRONGTYPE as Redis. */
  private static List<Collection> sets(Keyspace ks, CommandArgs a, int from, int to) {
    List<Collection> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(SetType.find(ks, a.arg(i)));
    }
    return out;
  }

  /** Members of the intersection, in member order, at most {@code limit} (0 = all). */
  static List<byte[]> inter(Keyspace ks, CommandArgs a, int from, int to, long limit) {
    List<Collection> sets = sets(ks, a, from, to);
    List<byte[]> out = new ArrayList<>();
    Collection smallest = null;
    for (Collection c : sets) {
      if (c == null) {
        return out;
      }
      if (smallest == null || c.size() < smallest.size()) {
        smallest = c;
      }
    }
    try (MemberIterator it = smallest.members().first()) {
      for (; it.valid(); it.next()) {
        byte[] m = it.suffix();
        boolean everywhere = true;
        for (Collection c : sets) {
          if (c != smallest && !SetType.contains(c, m)) {
            everywhere = false;
            break;
          }
        }
        if (everywhere) {
          out.add(m);
          if (limit > 0 && out.size() >= limit) {
            break;
          }
        }
      }
    }
    return out;
  }

  static List<byte[]> union(Keyspace ks, CommandArgs a, int from) {
    TreeSet<byte[]> out = new TreeSet<>(ORDER);
    for (Collection c : sets(ks, a, from, a.count())) {
      if (c == null) {
        continue;
      }
      try (MemberIterator it = c.members().first()) {
        for (; it.valid(); it.next()) {
          out.add(it.suffix());
        }
      }
    }
    return new ArrayList<>(out);
  }

  static List<byte[]> diff(Keyspace ks, CommandArgs a, int from) {
    List<Collection> sets = sets(ks, a, from, a.count());
    List<byte[]> out = new ArrayList<>();
    Collection first = sets.get(0);
    if (first == null) {
      return out;
    }
    List<Collection> others = new ArrayList<>();
    for (int i = 1; i < sets.size(); i++) {
      Collection c = sets.get(i);
      if (c != null && Arrays.equals(c.key(), first.key())) {
        return out; // SDIFF a ... a: everything is subtracted
      }
      if (c != null) {
        others.add(c);
      }
    }
    try (MemberIterator it = first.members().first()) {
      for (; it.valid(); it.next()) {
        byte[] m = it.suffix();
        boolean elsewhere = false;
        for (int i = 0; i < others.size() && !elsewhere; i++) {
          elsewhere = SetType.contains(others.get(i), m);
        }
        if (!elsewhere) {
          out.add(m);
        }
      }
    }
    return out;
  }

  static RespValue reply(List<byte[]> members) {
    List<RespValue> out = new ArrayList<>(members.size());
    for (byte[] m : members) {
      out.add(RespValue.bulk(m));
    }
    return new RespValue.Set(out);
  }

  /** Stores {@code members} in the destination (argument 1), replacing whatever it held. */
  static RespValue store(Keyspace ks, CommandArgs a, String event, List<byte[]> members) {
    byte[] dst = a.arg(1);
    if (members.isEmpty()) {
      if (ks.delete(dst)) {
        ks.event(dst, "del", 'g');
      }
      return RespValue.ZERO;
    }
    Collection c = SetType.replace(ks, dst);
    for (byte[] m : members) {
      SetType.addNew(c, m);
    }
    c.save();
    ks.event(dst, event, 's');
    return RespValue.integer(members.size());
  }

  static RespValue sintercard(Keyspace ks, CommandArgs a) {
    int n = NumKeys.parse(a, 1, NumKeys.TOO_MANY);
    long limit = NumKeys.cardLimit(a, 2 + n);
    return RespValue.integer(inter(ks, a, 2, 2 + n, limit).size());
  }

  static RespValue sscan(Keyspace ks, CommandArgs a) {
    long cursor = MemberScan.cursor(a);
    Collection c = SetType.find(ks, a.arg(1));
    return MemberScan.scan(ks.store().cursors(), c, a, cursor, (m, v, out) -> out.add(RespValue.bulk(m)));
  }
}
