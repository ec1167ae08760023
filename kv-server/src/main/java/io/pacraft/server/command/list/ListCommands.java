package io.pacraft.server.command.list;

import static io.pacraft.server.command.CommandFlag.BLOCKING;
import static io.pacraft.server.command.CommandFlag.DENYOOM;
import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.NOSCRIPT;
import static io.pacraft.server.command.CommandFlag.READONLY;
import static io.pacraft.server.command.CommandFlag.WRITE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespValue;
import io.pacraft.server.command.BlockingCommand;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.IndexRange;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.command.MultiPop;
import io.pacraft.server.command.NumKeys;
import io.pacraft.server.command.PopCount;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.storage.Collection;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.ListType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The list commands, blocking ones included: parsing and replies; the encoding is {@link ListType}'s. */
public final class ListCommands {
  private ListCommands() {}

  public static List<CommandSpec> specs() {
    return List.of(
        list("lpush", -3, "1.0.0", "Prepend one or multiple elements to a list.", PUSH_COMPLEXITY)
            .flags(WRITE, DENYOOM, FAST)
            .run((KeyspaceCommand) (ks, a) -> push(ks, a, true, false))
            .build(),
        list("rpush", -3, "1.0.0", "Append one or multiple elements to a list.", PUSH_COMPLEXITY)
            .flags(WRITE, DENYOOM, FAST)
            .run((KeyspaceCommand) (ks, a) -> push(ks, a, false, false))
            .build(),
        list("lpushx", -3, "2.2.0", "Prepend an element to a list, only if the list exists.", PUSH_COMPLEXITY)
            .flags(WRITE, DENYOOM, FAST)
            .run((KeyspaceCommand) (ks, a) -> push(ks, a, true, true))
            .build(),
        list("rpushx", -3, "2.2.0", "Append an element to a list, only if the list exists.", PUSH_COMPLEXITY)
            .flags(WRITE, DENYOOM, FAST)
            .run((KeyspaceCommand) (ks, a) -> push(ks, a, false, true))
            .build(),
        list("lpop", -2, "1.0.0", "Remove and get the first elements in a list.", "O(N) where N is the number of elements returned")
            .flags(WRITE, FAST)
            .run(KeyspaceCommand.of(a -> PopCount.parse(a, true), (ks, a) -> pop(ks, a, true)))
            .build(),
        list("rpop", -2, "1.0.0", "Remove and get the last elements in a list.", "O(N) where N is the number of elements returned")
            .flags(WRITE, FAST)
            .run(KeyspaceCommand.of(a -> PopCount.parse(a, true), (ks, a) -> pop(ks, a, false)))
            .build(),
        list("llen", 2, "1.0.0", "Get the length of a list.", "O(1)")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) ListCommands::llen)
            .build(),
        list("lrange", 4, "1.0.0", "Get a range of elements from a list.",
                "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.")
            .flags(READONLY)
            .run((KeyspaceCommand) ListCommands::lrange)
            .build(),
        list("lindex", 3, "1.0.0", "Get an element from a list by its index.", "O(1): the element is read by its position")
            .flags(READONLY)
            .run((KeyspaceCommand) ListCommands::lindex)
            .build(),
        list("lset", 4, "1.0.0", "Set the value of an element in a list by its index.", "O(1): the element is written by its position")
            .flags(WRITE, DENYOOM)
            .run((KeyspaceCommand) ListCommands::lset) // the key's type before the index, as Redis checks them
            .build(),
        list("linsert", 5, "2.2.0", "Insert an element before or after another element in a list.",
                "O(N) where N is the number of elements to traverse before seeing the value pivot.")
            .flags(WRITE, DENYOOM)
            .run(KeyspaceCommand.of(ListCommands::insertSide, ListCommands::linsert))
            .build(),
        list("lrem", 4, "1.0.0", "Remove elements from a list.", "O(N+M) where N is the length of the list and M is the number of elements removed.")
            .flags(WRITE)
            .run(KeyspaceCommand.of(a -> a.longArg(2), ListCommands::lrem))
            .build(),
        list("ltrim", 4, "1.0.0", "Trim a list to the specified range.", "O(N) where N is the number of elements to be removed by the operation.")
            .flags(WRITE)
            .run(KeyspaceCommand.of(a -> {
              a.longArg(2);
              a.longArg(3);
            }, ListCommands::ltrim))
            .build(),
        list("lpos", -3, "6.0.6", "Return the index of matching elements on a list.",
                "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.")
            .flags(READONLY)
            .run((KeyspaceCommand) ListCommands::lpos)
            .build(),
        list("lmove", 5, "6.2.0", "Pop an element from a list, push it to another list and return it.", "O(1)")
            .flags(WRITE, DENYOOM)
            .keys(1, 2, 1)
            .run(KeyspaceCommand.of(a -> sides(a, 3), (ks, a) -> move(ks, a, 3)))
            .build(),
        list("rpoplpush", 3, "1.2.0", "Remove the last element in a list, prepend it to another list and return it.", "O(1)")
            .flags(WRITE, DENYOOM)
            .keys(1, 2, 1)
            .run((KeyspaceCommand) (ks, a) -> move(ks, a, -1))
            .build(),
        list("lmpop", -4, "7.0.0", "Pop elements from a list.",
                "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
            .flags(WRITE)
            .keys(0, 0, 0)
            .movableKeys(NumKeys.after(1))
            .run(KeyspaceCommand.of(a -> MultiPop.parse(a, 1, false), (ks, a) -> lmpop(ks, a, 1)))
            .build(),
        list("blpop", -3, "2.0.0", "Remove and get the first element in a list, or block until one is available.",
                "O(N) where N is the number of provided keys.")
            .flags(WRITE, NOSCRIPT, BLOCKING)
            .keys(1, -2, 1)
            .run(BlockingCommand.of(BlockingCommand::checkLastTimeout, (ks, a) -> bpop(ks, a, true), a -> a.count() - 1))
            .build(),
        list("brpop", -3, "2.0.0", "Remove and get the last element in a list, or block until one is available.",
                "O(N) where N is the number of provided keys.")
            .flags(WRITE, NOSCRIPT, BLOCKING)
            .keys(1, -2, 1)
            .run(BlockingCommand.of(BlockingCommand::checkLastTimeout, (ks, a) -> bpop(ks, a, false), a -> a.count() - 1))
            .build(),
        list("blmove", 6, "6.2.0", "Pop an element from a list, push it to another list and return it; or block until one is available.", "O(1)")
            .flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING)
            .keys(1, 2, 1)
            .run(BlockingCommand.of(a -> {
              sides(a, 3);
              BlockingCommand.checkLastTimeout(a);
            }, (ks, a) -> move(ks, a, 3), a -> 5))
            .build(),
        list("brpoplpush", 4, "2.2.0", "Pop an element from a list, push it to another list and return it; or block until one is available.", "O(1)")
            .flags(WRITE, DENYOOM, NOSCRIPT, BLOCKING)
            .keys(1, 2, 1)
            .run(BlockingCommand.of(BlockingCommand::checkLastTimeout, (ks, a) -> move(ks, a, -1), a -> 3))
            .build(),
        list("blmpop", -5, "7.0.0", "Pop elements from a list, or block until one is available.",
                "O(N+M) where N is the number of provided keys and M is the number of elements returned.")
            .flags(WRITE, BLOCKING)
            .keys(0, 0, 0)
            .movableKeys(NumKeys.after(2))
            .run(BlockingCommand.of(a -> {
              MultiPop.parse(a, 2, false); // numkeys, direction and COUNT before the timeout, as in Redis
              BlockingCommand.parseTimeout(a.arg(1));
            }, (ks, a) -> lmpop(ks, a, 2), a -> 1))
            .build());
  }

  private static final String PUSH_COMPLEXITY =
      "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.";

  private static CommandSpec.Builder list(String name, int arity, String since, String summary, String complexity) {
    return command(name, arity).keys(1, 1, 1).acl("list").group("list").since(since).summary(summary).complexity(complexity);
  }

  // ------------------------------------------------------------------ push and pop

  static RespValue push(Keyspace ks, CommandArgs a, boolean left, boolean onlyIfExists) {
    byte[] key = a.arg(1);
    Collection c = onlyIfExists ? ListType.find(ks, key) : ListType.findOrCreate(ks, key);
    if (c == null) {
      return RespValue.ZERO;
    }
    for (int i = 2; i < a.count(); i++) {
      ListType.push(c, a.arg(i), left);
    }
    c.save();
    ks.event(key, left ? "lpush" : "rpush", 'l');
    return RespValue.integer(c.size());
  }

  static RespValue pop(Keyspace ks, CommandArgs a, boolean left) {
    long count = PopCount.parse(a, true);
    byte[] key = a.arg(1);
    Collection c = ListType.find(ks, key);
    if (c == null) {
      return count < 0 ? RespValue.NULL : RespValue.NULL_ARRAY;
    }
    if (count == 0) {
      return RespValue.EMPTY_ARRAY;
    }
    List<byte[]> popped = popFrom(ks, c, left, count < 0 ? 1 : count);
    if (count < 0) {
      return RespValue.bulk(popped.get(0));
    }
    return bulks(popped);
  }

  /** Pops up to {@code count} elements from a non-empty list, with the events Redis fires. */
  static List<byte[]> popFrom(Keyspace ks, Collection c, boolean left, long count) {
    List<byte[]> out = new ArrayList<>((int) Math.min(count, c.size()));
    while (out.size() < count) {
      byte[] v = ListType.pop(c, left);
      if (v == null) {
        break;
      }
      out.add(v);
    }
    c.saveRemoval(left ? "lpop" : "rpop", 'l');
    return out;
  }

  static RespValue bulks(List<byte[]> values) {
    List<RespValue> out = new ArrayList<>(values.size());
    for (byte[] v : values) {
      out.add(RespValue.bulk(v));
    }
    return RespValue.array(out);
  }

  // ------------------------------------------------------------------ reads

  static RespValue llen(Keyspace ks, CommandArgs a) {
    Collection c = ListType.find(ks, a.arg(1));
    return RespValue.integer(c == null ? 0 : c.size());
  }

  static RespValue lrange(Keyspace ks, CommandArgs a) {
    long start = a.longArg(2);
    long stop = a.longArg(3);
    Collection c = ListType.find(ks, a.arg(1));
    if (c == null) {
      return RespValue.EMPTY_ARRAY;
    }
    long[] r = IndexRange.resolve(start, stop, c.size());
    return r == null ? RespValue.EMPTY_ARRAY : bulks(ListType.range(c, r[0], r[1]));
  }

  static RespValue lindex(Keyspace ks, CommandArgs a) {
    Collection c = ListType.find(ks, a.arg(1));
    if (c == null) {
      return RespValue.NULL;
    }
    long i = a.longArg(2);
    if (i < 0) {
      i = c.size() + i;
    }
    if (i < 0 || i >= c.size()) {
      return RespValue.NULL;
    }
    byte[] v = ListType.get(c, i);
    return v == null ? RespValue.NULL : RespValue.bulk(v);
  }

  static RespValue lpos(Keyspace ks, CommandArgs a) {
    long rank = 1;
    long count = -1;
    long maxlen = 0;
    for (int i = 3; i < a.count(); i++) {
      if (i + 1 >= a.count()) {
        throw RedisErrors.syntax();
      }
      if (a.is(i, "rank")) {
        Long r = CommandArgs.tryParseLong(a.arg(++i));
        if (r == null) {
          throw RedisErrors.notInteger();
        }
        if (r == Long.MIN_VALUE) {
          throw new CommandError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        }
        if (r == 0) {
          throw new CommandError(
              "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
        }
        rank = r;
      } else if (a.is(i, "count")) {
        count = a.longArg(++i);
        if (count < 0) {
          throw new CommandError("ERR COUNT can't be negative");
        }
      } else if (a.is(i, "maxlen")) {
        maxlen = a.longArg(++i);
        if (maxlen < 0) {
          throw new CommandError("ERR MAXLEN can't be negative");
        }
      } else {
        throw RedisErrors.syntax();
      }
    }
    Collection c = ListType.find(ks, a.arg(1));
    if (c == null) {
      return count < 0 ? RespValue.NULL : RespValue.EMPTY_ARRAY;
    }
    List<Long> found = ListType.positions(c, a.arg(2), rank, count < 0 ? 1 : count, maxlen);
    if (count < 0) {
      return found.isEmpty() ? RespValue.NULL : RespValue.integer(found.get(0));
    }
    List<RespValue> out = new ArrayList<>(found.size());
    for (long p : found) {
      out.add(RespValue.integer(p));
    }
    return RespValue.array(out);
  }

  // ------------------------------------------------------------------ changes in place

  static RespValue lset(Keyspace ks, CommandArgs a) {
    byte[] key = a.arg(1);
    Collection c = ListType.find(ks, key);
    if (c == null) {
      throw new CommandError(RedisErrors.NO_SUCH_KEY);
    }
    long i = a.longArg(2);
    if (i < 0) {
      i = c.size() + i;
    }
    if (i < 0 || i >= c.size()) {
      throw new CommandError("ERR index out of range");
    }
    ListType.set(c, i, a.arg(3));
    c.save();
    ks.event(key, "lset", 'l');
    return RespValue.OK;
  }

  private static boolean insertSide(CommandArgs a) {
    if (a.is(2, "before")) {
      return true;
    }
    if (a.is(2, "after")) {
      return false;
    }
    throw RedisErrors.syntax();
  }

  static RespValue linsert(Keyspace ks, CommandArgs a) {
    boolean before = insertSide(a);
    byte[] key = a.arg(1);
    Collection c = ListType.find(ks, key);
    if (c == null) {
      return RespValue.ZERO;
    }
    long at = ListType.indexOf(c, a.arg(3));
    if (at < 0) {
      return RespValue.integer(-1);
    }
    ListType.insert(c, before ? at : at + 1, a.arg(4));
    c.save();
    ks.event(key, "linsert", 'l');
    return RespValue.integer(c.size());
  }

  static RespValue lrem(Keyspace ks, CommandArgs a) {
    long count = a.longArg(2);
    byte[] key = a.arg(1);
    Collection c = ListType.find(ks, key);
    if (c == null) {
      return RespValue.ZERO;
    }
    long removed = ListType.remove(c, a.arg(3), count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count), count >= 0);
    if (removed > 0) {
      c.saveRemoval("lrem", 'l');
    }
    return RespValue.integer(removed);
  }

  static RespValue ltrim(Keyspace ks, CommandArgs a) {
    long start = a.longArg(2);
    long stop = a.longArg(3);
    byte[] key = a.arg(1);
    Collection c = ListType.find(ks, key);
    if (c == null) {
      return RespValue.OK;
    }
    long size = c.size();
    long[] r = IndexRange.resolve(start, stop, size);
    if (r == null) {
      start = 1; // nothing in range: trim everything
      stop = 0;
    } else {
      start = r[0];
      stop = r[1];
    }
    if (start == 0 && stop == size - 1) {
      c.save(); // nothing removed, but the key counts as modified (WATCH), as in Redis
      ks.event(key, "ltrim", 'l');
      return RespValue.OK;
    }
    ListType.trim(c, start, stop);
    c.saveRemoval("ltrim", 'l');
    return RespValue.OK;
  }

  // ------------------------------------------------------------------ moves between lists

  /** LEFT/RIGHT at {@code i} and {@code i+1}: true for LEFT. */
  private static boolean[] sides(CommandArgs a, int i) {
    return new boolean[] {side(a, i), side(a, i + 1)};
  }

  static boolean side(CommandArgs a, int i) {
    return MultiPop.side(a, i);
  }

  /** LMOVE/BLMOVE (sides at {@code sidesAt}) or RPOPLPUSH/BRPOPLPUSH ({@code sidesAt} &lt; 0). */
  static RespValue move(Keyspace ks, CommandArgs a, int sidesAt) {
    boolean fromLeft = false;
    boolean toLeft = true;
    if (sidesAt > 0) {
      boolean[] s = sides(a, sidesAt);
      fromLeft = s[0];
      toLeft = s[1];
    }
    byte[] src = a.arg(1);
    byte[] dst = a.arg(2);
    Collection from = ListType.find(ks, src);
    if (from == null) {
      return RespValue.NULL;
    }
    boolean same = Arrays.equals(src, dst);
    Collection to = same ? from : ListType.findOrCreate(ks, dst);
    byte[] v = ListType.pop(from, fromLeft);
    ListType.push(to, v, toLeft);
    boolean remains = from.save();
    if (!same) {
      to.save();
    }
    ks.event(dst, toLeft ? "lpush" : "rpush", 'l'); // the push's event before the pop's, as Redis sends them
    ks.event(src, fromLeft ? "lpop" : "rpop", 'l');
    if (!remains) {
      ks.event(src, "del", 'g');
    }
    return RespValue.bulk(v);
  }

  static RespValue lmpop(Keyspace ks, CommandArgs a, int numkeysAt) {
    MultiPop m = MultiPop.parse(a, numkeysAt, false);
    for (int i = 0; i < m.numkeys(); i++) {
      byte[] key = m.key(a, i);
      Collection c = ListType.find(ks, key);
      if (c != null) {
        List<byte[]> popped = popFrom(ks, c, m.first(), m.count());
        return RespValue.array(RespValue.bulk(key), bulks(popped));
      }
    }
    return RespValue.NULL_ARRAY;
  }

  /** BLPOP/BRPOP's attempt: the first non-empty list of the keys (all but the timeout). */
  static RespValue bpop(Keyspace ks, CommandArgs a, boolean left) {
    BlockingCommand.checkLastTimeout(a);
    for (int i = 1; i < a.count() - 1; i++) {
      byte[] key = a.arg(i);
      Collection c = ListType.find(ks, key);
      if (c != null) {
        List<byte[]> popped = popFrom(ks, c, left, 1);
        return RespValue.array(RespValue.bulk(key), RespValue.bulk(popped.get(0)));
      }
    }
    return RespValue.NULL_ARRAY;
  }
}
