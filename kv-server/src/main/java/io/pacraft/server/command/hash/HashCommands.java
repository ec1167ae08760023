package io.pacraft.server.command.hash;

import static io.pacraft.server.command.CommandFlag.DENYOOM;
import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.READONLY;
import static io.pacraft.server.command.CommandFlag.WRITE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.command.MemberScan;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.command.LongDouble;
import io.pacraft.server.storage.Collection;
import io.pacraft.server.storage.HashType;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.MemberIterator;
import io.pacraft.server.storage.RandomMembers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The hash commands: parsing and replies; the encoding is {@link HashType}'s. */
public final class HashCommands {
  private HashCommands() {}

  public static List<CommandSpec> specs() {
    return List.of(
        hash("hset", -4, "2.0.0", "Set the string value of a hash field.",
                "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.")
            .flags(WRITE, DENYOOM, FAST)
            .run(KeyspaceCommand.of(a -> pairs(a, "hset"), (ks, a) -> hset(ks, a, "hset")))
            .build(),
        hash("hsetnx", 4, "2.0.0", "Set the value of a hash field, only if the field does not exist.", "O(1)")
            .flags(WRITE, DENYOOM, FAST)
            .run((KeyspaceCommand) HashCommands::hsetnx)
            .build(),
        hash("hget", 3, "2.0.0", "Get the value of a hash field.", "O(1)")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) HashCommands::hget)
            .build(),
        hash("hmget", -3, "2.0.0", "Get the values of all the given hash fields.", "O(N) where N is the number of fields being requested.")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) HashCommands::hmget)
            .build(),
        hash("hmset", -4, "2.0.0", "Set multiple hash fields to multiple values.", "O(N) where N is the number of fields being set.")
            .flags(WRITE, DENYOOM, FAST)
            .run(KeyspaceCommand.of(a -> pairs(a, "hmset"), (ks, a) -> hset(ks, a, "hmset")))
            .build(),
        hash("hgetall", 2, "2.0.0", "Get all the fields and values in a hash.", "O(N) where N is the size of the hash.")
            .flags(READONLY)
            .run((KeyspaceCommand) HashCommands::hgetall)
            .build(),
        hash("hdel", -3, "2.0.0", "Delete one or more hash fields.", "O(N) where N is the number of fields to be removed.")
            .flags(WRITE, FAST)
            .run((KeyspaceCommand) HashCommands::hdel)
            .build(),
        hash("hlen", 2, "2.0.0", "Get the number of fields in a hash.", "O(1)")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) HashCommands::hlen)
            .build(),
        hash("hexists", 3, "2.0.0", "Determine if a hash field exists.", "O(1)")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) HashCommands::hexists)
            .build(),
        hash("hkeys", 2, "2.0.0", "Get all the fields in a hash.", "O(N) where N is the size of the hash.")
            .flags(READONLY)
            .run((KeyspaceCommand) (ks, a) -> listAll(ks, a, true))
            .build(),
        hash("hvals", 2, "2.0.0", "Get all the values in a hash.", "O(N) where N is the size of the hash.")
            .flags(READONLY)
            .run((KeyspaceCommand) (ks, a) -> listAll(ks, a, false))
            .build(),
        hash("hincrby", 4, "2.0.0", "Increment the integer value of a hash field by the given number.", "O(1)")
            .flags(WRITE, DENYOOM, FAST)
            .run(KeyspaceCommand.of(a -> a.longArg(3), HashCommands::hincrby))
            .build(),
        hash("hincrbyfloat", 4, "2.6.0", "Increment the float value of a hash field by the given amount.", "O(1)")
            .flags(WRITE, DENYOOM, FAST)
            .run(KeyspaceCommand.of(HashCommands::increment, HashCommands::hincrbyfloat))
            .build(),
        hash("hstrlen", 3, "3.2.0", "Get the length of the value of a hash field.", "O(1)")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) HashCommands::hstrlen)
            .build(),
        hash("hrandfield", -2, "6.2.0", "Get one or multiple random fields from a hash.", "O(N) where N is the number of fields returned")
            .flags(READONLY)
            .run((KeyspaceCommand) HashCommands::hrandfield)
            .build(),
        hash("hscan", -3, "2.8.0", "Incrementally iterate hash fields and associated values.",
                "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.")
            .flags(READONLY)
            .run((KeyspaceCommand) HashCommands::hscan)
            .build());
  }

  private static CommandSpec.Builder hash(String name, int arity, String since, String summary, String complexity) {
    return command(name, arity).keys(1, 1, 1).acl("hash").group("hash").since(since).summary(summary).complexity(complexity);
  }

  private static void pairs(CommandArgs a, String name) {
    if (a.count() % 2 != 0) {
      throw new CommandError(RedisErrors.wrongArity(name));
    }
  }

  static RespValue hset(Keyspace ks, CommandArgs a, String name) {
    pairs(a, name);
    byte[] key = a.arg(1);
    Collection c = HashType.findOrCreate(ks, key);
    long added = 0;
    for (int i = 2; i < a.count(); i += 2) {
      if (HashType.set(c, a.arg(i), a.arg(i + 1))) {
        added++;
      }
    }
    c.save();
    ks.event(key, "hset", 'h');
    return name.equals("hmset") ? RespValue.OK : RespValue.integer(added);
  }

  static RespValue hsetnx(Keyspace ks, CommandArgs a) {
    byte[] key = a.arg(1);
    Collection c = HashType.findOrCreate(ks, key);
    if (HashType.get(c, a.arg(2)) != null) {
      return RespValue.ZERO;
    }
    HashType.set(c, a.arg(2), a.arg(3));
    c.save();
    ks.event(key, "hset", 'h');
    return RespValue.ONE;
  }

  static RespValue hget(Keyspace ks, CommandArgs a) {
    Collection c = HashType.find(ks, a.arg(1));
    byte[] v = c == null ? null : HashType.get(c, a.arg(2));
    return v == null ? RespValue.NULL : RespValue.bulk(v);
  }

  static RespValue hmget(Keyspace ks, CommandArgs a) {
    Collection c = HashType.find(ks, a.arg(1));
    List<RespValue> out = new ArrayList<>(a.count() - 2);
    for (int i = 2; i < a.count(); i++) {
      byte[] v = c == null ? null : HashType.get(c, a.arg(i));
      out.add(v == null ? RespValue.NULL : RespValue.bulk(v));
    }
    return RespValue.array(out);
  }

  static RespValue hgetall(Keyspace ks, CommandArgs a) {
    Collection c = HashType.find(ks, a.arg(1));
    if (c == null) {
      return new RespValue.Map(List.of());
    }
    List<RespValue> kv = new ArrayList<>((int) Math.min(2 * c.size(), 1 << 20));
    try (MemberIterator it = c.members().first()) {
      for (; it.valid(); it.next()) {
        kv.add(RespValue.bulk(it.suffix()));
        kv.add(RespValue.bulk(it.value()));
      }
    }
    return new RespValue.Map(kv);
  }

  static RespValue listAll(Keyspace ks, CommandArgs a, boolean fields) {
    Collection c = HashType.find(ks, a.arg(1));
    if (c == null) {
      return RespValue.EMPTY_ARRAY;
    }
    List<RespValue> out = new ArrayList<>((int) Math.min(c.size(), 1 << 20));
    try (MemberIterator it = c.members().first()) {
      for (; it.valid(); it.next()) {
        out.add(RespValue.bulk(fields ? it.suffix() : it.value()));
      }
    }
    return RespValue.array(out);
  }

  static RespValue hdel(Keyspace ks, CommandArgs a) {
    byte[] key = a.arg(1);
    Collection c = HashType.find(ks, key);
    if (c == null) {
      return RespValue.ZERO;
    }
    long n = 0;
    for (int i = 2; i < a.count(); i++) {
      if (HashType.delete(c, a.arg(i))) {
        n++;
      }
    }
    if (n > 0) {
      c.saveRemoval("hdel", 'h');
    }
    return RespValue.integer(n);
  }

  static RespValue hlen(Keyspace ks, CommandArgs a) {
    Collection c = HashType.find(ks, a.arg(1));
    return RespValue.integer(c == null ? 0 : c.size());
  }

  static RespValue hexists(Keyspace ks, CommandArgs a) {
    Collection c = HashType.find(ks, a.arg(1));
    return c != null && HashType.get(c, a.arg(2)) != null ? RespValue.ONE : RespValue.ZERO;
  }

  static RespValue hstrlen(Keyspace ks, CommandArgs a) {
    Collection c = HashType.find(ks, a.arg(1));
    byte[] v = c == null ? null : HashType.get(c, a.arg(2));
    return RespValue.integer(v == null ? 0 : v.length);
  }

  static RespValue hincrby(Keyspace ks, CommandArgs a) {
    long by = a.longArg(3);
    byte[] key = a.arg(1);
    Collection c = HashType.findOrCreate(ks, key);
    byte[] current = HashType.get(c, a.arg(2));
    long value = 0;
    if (current != null) {
      Long v = CommandArgs.tryParseLong(current);
      if (v == null) {
        throw new CommandError("ERR hash value is not an integer");
      }
      value = v;
    }
    try {
      value = Math.addExact(value, by);
    } catch (ArithmeticException e) {
      throw new CommandError(RedisErrors.OVERFLOW);
    }
    HashType.set(c, a.arg(2), Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    c.save();
    ks.event(key, "hincrby", 'h');
    return RespValue.integer(value);
  }

  /** HINCRBYFLOAT's increment: a float ({@code ERR value is not a valid float}), not infinite. */
  private static void increment(CommandArgs a) {
    LongDouble.check(a.arg(3));
    Double d = CommandArgs.tryParseDouble(a.arg(3));
    if (d != null && d.isInfinite()) {
      throw new CommandError("ERR value is NaN or Infinity");
    }
  }

  static RespValue hincrbyfloat(Keyspace ks, CommandArgs a) {
    increment(a);
    byte[] key = a.arg(1);
    Collection c = HashType.findOrCreate(ks, key);
    byte[] text = LongDouble.add(HashType.get(c, a.arg(2)), "ERR hash value is not a float", a.arg(3));
    HashType.set(c, a.arg(2), text);
    c.save();
    ks.event(key, "hincrbyfloat", 'h');
    return RespValue.bulk(text);
  }

  /** HRANDFIELD's count: within ±(2^63-1), with Redis' range error. */
  public static long randomCount(CommandArgs a, int i) {
    Long v = CommandArgs.tryParseLong(a.arg(i));
    if (v == null) {
      throw RedisErrors.notInteger();
    }
    if (v == Long.MIN_VALUE) {
      throw new CommandError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    }
    return v;
  }

  static RespValue hrandfield(Keyspace ks, CommandArgs a) {
    if (a.count() > 4 || a.count() == 4 && !a.is(3, "withvalues")) {
      throw RedisErrors.syntax();
    }
    boolean withValues = a.count() == 4;
    long count = a.count() >= 3 ? randomCount(a, 2) : 0;
    Collection c = HashType.find(ks, a.arg(1));
    if (a.count() == 2) {
      RandomMembers.Pick p = c == null ? null : RandomMembers.one(c, ks.random());
      return p == null ? RespValue.NULL : RespValue.bulk(p.member());
    }
    if (c == null || count == 0) {
      return RespValue.EMPTY_ARRAY;
    }
    List<RandomMembers.Pick> picks = randomPicks(c, count, ks.random());
    List<RespValue> out = new ArrayList<>(picks.size() * (withValues ? 2 : 1));
    for (RandomMembers.Pick p : picks) {
      out.add(RespValue.bulk(p.member()));
      if (withValues) {
        out.add(RespValue.bulk(p.value()));
      }
    }
    return withValues ? new RespValue.Pairs(out) : RespValue.array(out);
  }

  /**
   * Random members for a count as HRANDFIELD, SRANDMEMBER and ZRANDMEMBER read it: positive =
   * distinct (the whole collection when count ≥ size), negative = |count| draws with repetition.
   */
  public static List<RandomMembers.Pick> randomPicks(Collection c, long count, java.util.Random r) {
    if (count < 0) {
      if (-count > RandomMembers.MAX_DRAWS) {
        throw new CommandError("ERR value is out of range, at most " + RandomMembers.MAX_DRAWS + " members with repetitions");
      }
      return RandomMembers.withRepetition(c, -count, r);
    }
    if (count >= c.size()) {
      List<RandomMembers.Pick> all = new ArrayList<>((int) Math.min(c.size(), 1 << 20));
      try (MemberIterator it = c.members().first()) {
        for (; it.valid(); it.next()) {
          all.add(new RandomMembers.Pick(it.suffix(), it.value()));
        }
      }
      return all;
    }
    return RandomMembers.distinct(c, count, r);
  }

  static RespValue hscan(Keyspace ks, CommandArgs a) {
    long cursor = MemberScan.cursor(a);
    Collection c = HashType.find(ks, a.arg(1));
    return MemberScan.scan(ks.store().cursors(), c, a, cursor, (m, v, out) -> {
      out.add(RespValue.bulk(m));
      out.add(RespValue.bulk(v));
    });
  }
}
