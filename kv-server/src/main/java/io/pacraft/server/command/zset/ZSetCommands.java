package io.pacraft.server.command.zset;

import static io.pacraft.server.command.CommandFlag.BLOCKING;
import static io.pacraft.server.command.CommandFlag.DENYOOM;
import static io.pacraft.server.command.CommandFlag.FAST;
import static io.pacraft.server.command.CommandFlag.NOSCRIPT;
import static io.pacraft.server.command.CommandFlag.READONLY;
import static io.pacraft.server.command.CommandFlag.WRITE;
import static io.pacraft.server.command.CommandSpec.command;

import io.pacraft.resp.RespDoubles;
import io.pacraft.resp.RespValue;
import io.pacraft.server.command.BlockingCommand;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.CommandSpec;
import io.pacraft.server.command.IndexRange;
import io.pacraft.server.command.KeyspaceCommand;
import io.pacraft.server.command.MemberScan;
import io.pacraft.server.command.MultiPop;
import io.pacraft.server.command.NumKeys;
import io.pacraft.server.command.PopCount;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.command.hash.HashCommands;
import io.pacraft.server.storage.Bytes;
import io.pacraft.server.storage.Collection;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.RandomMembers;
import io.pacraft.server.storage.ZSetType;
import java.util.ArrayList;
import java.util.List;

/** The sorted-set commands, blocking ones included: parsing and replies; the encoding is {@link ZSetType}'s. */
public final class ZSetCommands {
  private ZSetCommands() {}

  private static final String RANGE_COMPLEXITY =
      "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.";

  public static List<CommandSpec> specs() {
    return List.of(
        zset("zadd", -4, "1.2.0", "Add one or more members to a sorted set, or update its score if it already exists.",
                "O(log(N)) for each item added, where N is the number of elements in the sorted set.")
            .flags(WRITE, DENYOOM, FAST)
            .run(KeyspaceCommand.of(ZAddOptions::parse, ZSetCommands::zadd))
            .build(),
        zset("zrem", -3, "1.2.0", "Remove one or more members from a sorted set.",
                "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.")
            .flags(WRITE, FAST)
            .run((KeyspaceCommand) ZSetCommands::zrem)
            .build(),
        zset("zscore", 3, "1.2.0", "Get the score associated with the given member in a sorted set.", "O(1)")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) ZSetCommands::zscore)
            .build(),
        zset("zmscore", -3, "6.2.0", "Get the score associated with the given members in a sorted set.",
                "O(N) where N is the number of members being requested.")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) ZSetCommands::zmscore)
            .build(),
        zset("zincrby", 4, "1.2.0", "Increment the score of a member in a sorted set.",
                "O(log(N)) where N is the number of elements in the sorted set.")
            .flags(WRITE, DENYOOM, FAST)
            .run(KeyspaceCommand.of(a -> a.doubleArg(2), ZSetCommands::zincrby))
            .build(),
        zset("zcard", 2, "1.2.0", "Get the number of members in a sorted set.", "O(1)")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) ZSetCommands::zcard)
            .build(),
        zset("zcount", 4, "2.0.0", "Count the members in a sorted set with scores within the given values.",
                "O(M) where M is the number of members counted, streamed in score order")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) ZSetCommands::zcount)
            .build(),
        zset("zlexcount", 4, "2.8.9", "Count the number of members in a sorted set between a given lexicographical range.",
                "O(M) where M is the number of members counted, streamed in member order")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) ZSetCommands::zlexcount)
            .build(),
        zset("zrange", -4, "1.2.0", "Return a range of members in a sorted set.", RANGE_COMPLEXITY)
            .flags(READONLY)
            .run((KeyspaceCommand) (ks, a) -> range(ks, a, null, null))
            .build(),
        zset("zrangestore", -5, "6.2.0", "Store a range of members from sorted set into another key.",
                "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.")
            .flags(WRITE, DENYOOM)
            .keys(1, 2, 1)
            .run(KeyspaceCommand.of(a -> RangeQuery.parse(a, 2, true, null, null), ZSetCommands::zrangestore))
            .build(),
        zset("zrevrange", -4, "1.2.0", "Return a range of members in a sorted set, by index, with scores ordered from high to low.", RANGE_COMPLEXITY)
            .flags(READONLY)
            .run((KeyspaceCommand) (ks, a) -> range(ks, a, RangeQuery.Kind.RANK, true))
            .build(),
        zset("zrangebyscore", -4, "1.0.5", "Return a range of members in a sorted set, by score.", RANGE_COMPLEXITY)
            .flags(READONLY)
            .run((KeyspaceCommand) (ks, a) -> range(ks, a, RangeQuery.Kind.SCORE, false))
            .build(),
        zset("zrevrangebyscore", -4, "2.2.0", "Return a range of members in a sorted set, by score, with scores ordered from high to low.", RANGE_COMPLEXITY)
            .flags(READONLY)
            .run((KeyspaceCommand) (ks, a) -> range(ks, a, RangeQuery.Kind.SCORE, true))
            .build(),
        zset("zrangebylex", -4, "2.8.9", "Return a range of members in a sorted set, by lexicographical range.", RANGE_COMPLEXITY)
            .flags(READONLY)
            .run((KeyspaceCommand) (ks, a) -> range(ks, a, RangeQuery.Kind.LEX, false))
            .build(),
        zset("zrevrangebylex", -4, "2.8.9", "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", RANGE_COMPLEXITY)
            .flags(READONLY)
            .run((KeyspaceCommand) (ks, a) -> range(ks, a, RangeQuery.Kind.LEX, true))
            .build(),
        zset("zrank", -3, "2.0.0", "Determine the index of a member in a sorted set.", "O(N): the rank is counted in score order")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) (ks, a) -> zrank(ks, a, false))
            .build(),
        zset("zrevrank", -3, "2.0.0", "Determine the index of a member in a sorted set, with scores ordered from high to low.", "O(N): the rank is counted in score order")
            .flags(READONLY, FAST)
            .run((KeyspaceCommand) (ks, a) -> zrank(ks, a, true))
            .build(),
        zset("zpopmin", -2, "5.0.0", "Remove and return members with the lowest scores in a sorted set.",
                "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
            .flags(WRITE, FAST)
            .run(KeyspaceCommand.of(a -> PopCount.parse(a, false), (ks, a) -> zpop(ks, a, true)))
            .build(),
        zset("zpopmax", -2, "5.0.0", "Remove and return members with the highest scores in a sorted set.",
                "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
            .flags(WRITE, FAST)
            .run(KeyspaceCommand.of(a -> PopCount.parse(a, false), (ks, a) -> zpop(ks, a, false)))
            .build(),
        zset("zmpop", -4, "7.0.0", "Remove and return members with scores in a sorted set.",
                "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")
            .flags(WRITE)
            .keys(0, 0, 0)
            .movableKeys(NumKeys.after(1))
            .run(KeyspaceCommand.of(a -> MultiPop.parse(a, 1, true), (ks, a) -> zmpop(ks, a, 1)))
            .build(),
        zset("zremrangebyrank", 4, "2.0.0", "Remove all members in a sorted set within the given indexes.",
                "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
            .flags(WRITE)
            .run(KeyspaceCommand.of(a -> {
              a.longArg(2);
              a.longArg(3);
            }, (ks, a) -> zremrange(ks, a, RangeQuery.Kind.RANK)))
            .build(),
        zset("zremrangebyscore", 4, "1.2.0", "Remove all members in a sorted set within the given scores.",
                "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
            .flags(WRITE)
            .run(KeyspaceCommand.of(a -> Ranges.score(a.arg(2), a.arg(3)), (ks, a) -> zremrange(ks, a, RangeQuery.Kind.SCORE)))
            .build(),
        zset("zremrangebylex", 4, "2.8.9", "Remove all members in a sorted set between the given lexicographical range.",
                "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.")
            .flags(WRITE)
            .run(KeyspaceCommand.of(a -> Ranges.lex(a.arg(2), a.arg(3)), (ks, a) -> zremrange(ks, a, RangeQuery.Kind.LEX)))
            .build(),
        zset("zunion", -3, "6.2.0", "Add multiple sorted sets.",
                "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
            .flags(READONLY)
            .keys(0, 0, 0)
            .movableKeys(NumKeys.after(1))
            .run((KeyspaceCommand) (ks, a) -> Aggregation.query(ks, a, Aggregation.Op.UNION))
            .build(),
        zset("zunionstore", -4, "2.0.0", "Add multiple sorted sets and store the resulting sorted set in a new key.",
                "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
            .flags(WRITE, DENYOOM)
            .movableKeys(NumKeys.after(2, 1))
            .run(KeyspaceCommand.of(a -> Aggregation.parse(a, Aggregation.Op.UNION, true), (ks, a) -> Aggregation.store(ks, a, Aggregation.Op.UNION)))
            .build(),
        zset("zinter", -3, "6.2.0", "Intersect multiple sorted sets.",
                "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")
            .flags(READONLY)
            .keys(0, 0, 0)
            .movableKeys(NumKeys.after(1))
            .run((KeyspaceCommand) (ks, a) -> Aggregation.query(ks, a, Aggregation.Op.INTER))
            .build(),
        zset("zinterstore", -4, "2.0.0", "Intersect multiple sorted sets and store the resulting sorted set in a new key.",
                "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.")
            .flags(WRITE, DENYOOM)
            .movableKeys(NumKeys.after(2, 1))
            .run(KeyspaceCommand.of(a -> Aggregation.parse(a, Aggregation.Op.INTER, true), (ks, a) -> Aggregation.store(ks, a, Aggregation.Op.INTER)))
            .build(),
        zset("zintercard", -3, "7.0.0", "Intersect multiple sorted sets and return the cardinality of the result.",
                "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.")
            .flags(READONLY)
            .keys(0, 0, 0)
            .movableKeys(NumKeys.after(1))
            .run((KeyspaceCommand) Aggregation::intercard)
            .build(),
        zset("zdiff", -3, "6.2.0", "Subtract multiple sorted sets.",
                "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")
            .flags(READONLY)
            .keys(0, 0, 0)
            .movableKeys(NumKeys.after(1))
            .run((KeyspaceCommand) (ks, a) -> Aggregation.query(ks, a, Aggregation.Op.DIFF))
            .build(),
        zset("zdiffstore", -4, "6.2.0", "Subtract multiple sorted sets and store the resulting sorted set in a new key.",
                "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.")
            .flags(WRITE, DENYOOM)
            .movableKeys(NumKeys.after(2, 1))
            .run(KeyspaceCommand.of(a -> Aggregation.parse(a, Aggregation.Op.DIFF, true), (ks, a) -> Aggregation.store(ks, a, Aggregation.Op.DIFF)))
            .build(),
        zset("zrandmember", -2, "6.2.0", "Get one or multiple random elements from a sorted set.", "O(N) where N is the number of elements returned")
            .flags(READONLY)
            .run((KeyspaceCommand) ZSetCommands::zrandmember)
            .build(),
        zset("zscan", -3, "2.8.0", "Incrementally iterate sorted sets elements and associated scores.",
                "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.")
            .flags(READONLY)
            .run((KeyspaceCommand) ZSetCommands::zscan)
            .build(),
        zset("bzpopmin", -3, "5.0.0", "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available.",
                "O(log(N)) with N being the number of elements in the sorted set.")
            .flags(WRITE, NOSCRIPT, BLOCKING, FAST)
            .keys(1, -2, 1)
            .run(BlockingCommand.of(BlockingCommand::checkLastTimeout, (ks, a) -> bzpop(ks, a, true), a -> a.count() - 1))
            .build(),
        zset("bzpopmax", -3, "5.0.0", "Remove and return the member with the highest score from one or more sorted sets, or block until one is available.",
                "O(log(N)) with N being the number of elements in the sorted set.")
            .flags(WRITE, NOSCRIPT, BLOCKING, FAST)
            .keys(1, -2, 1)
            .run(BlockingCommand.of(BlockingCommand::checkLastTimeout, (ks, a) -> bzpop(ks, a, false), a -> a.count() - 1))
            .build(),
        zset("bzmpop", -5, "7.0.0", "Remove and return members with scores in a sorted set or block until one is available.",
                "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.")
            .flags(WRITE, BLOCKING)
            .keys(0, 0, 0)
            .movableKeys(NumKeys.after(2))
            .run(BlockingCommand.of(a -> {
              MultiPop.parse(a, 2, true); // numkeys, direction and COUNT before the timeout, as in Redis
              BlockingCommand.parseTimeout(a.arg(1));
            }, (ks, a) -> zmpop(ks, a, 2), a -> 1))
            .build());
  }

  private static CommandSpec.Builder zset(String name, int arity, String since, String summary, String complexity) {
    return command(name, arity).keys(1, 1, 1).acl("sortedset").group("sorted-set").since(since).summary(summary).complexity(complexity);
  }

  static RespValue score(double d) {
    return new RespValue.Double(d);
  }

  // ------------------------------------------------------------------ ZADD, ZINCRBY, ZREM

  static RespValue zadd(Keyspace ks, CommandArgs a) {
    ZAddOptions o = ZAddOptions.parse(a);
    byte[] key = a.arg(1);
    Collection c = ZSetType.find(ks, key);
    if (c == null) {
      if (o.xx) {
        return o.incr ? RespValue.NULL : RespValue.ZERO;
      }
      c = ZSetType.findOrCreate(ks, key);
    }
    long added = 0;
    long updated = 0;
    Double incrResult = null;
    for (int i = 0; i < o.scores.length; i++) {
      byte[] member = a.arg(o.first + 2 * i + 1);
      double s = o.scores[i];
      Double cur = ZSetType.score(c, member);
      if (cur != null) {
        if (o.nx) {
          continue;
        }
        if (o.incr) {
          s = cur + s;
          if (Double.isNaN(s)) {
            throw new CommandError("ERR resulting score is not a number (NaN)");
          }
        }
        if (o.gt && s <= cur || o.lt && s >= cur) {
          continue;
        }
        incrResult = s;
        if (s != cur) {
          ZSetType.put(c, member, s, cur);
          updated++;
        }
      } else {
        if (o.xx) {
          continue;
        }
        ZSetType.put(c, member, s, null);
        incrResult = s;
        added++;
      }
    }
    if (added > 0 || updated > 0) {
      c.save();
      ks.event(key, o.incr ? "zincr" : "zadd", 'z');
    }
    if (o.incr) {
      return incrResult == null ? RespValue.NULL : score(incrResult);
    }
    return RespValue.integer(o.ch ? added + updated : added);
  }

  static RespValue zincrby(Keyspace ks, CommandArgs a) {
    double by = a.doubleArg(2);
    byte[] key = a.arg(1);
    byte[] member = a.arg(3);
    Collection c = ZSetType.findOrCreate(ks, key);
    Double cur = ZSetType.score(c, member);
    double s = cur == null ? by : cur + by;
    if (Double.isNaN(s)) {
      throw new CommandError("ERR resulting score is not a number (NaN)");
    }
    if (cur == null || s != cur) { // unchanged (inf + inf): no write, no event, WATCH unaffected, as in Redis
      ZSetType.put(c, member, s, cur);
      c.save();
      ks.event(key, "zincr", 'z');
    }
    return score(s);
  }

  static RespValue zrem(Keyspace ks, CommandArgs a) {
    byte[] key = a.arg(1);
    Collection c = ZSetType.find(ks, key);
    if (c == null) {
      return RespValue.ZERO;
    }
    long n = 0;
    for (int i = 2; i < a.count(); i++) {
      if (ZSetType.remove(c, a.arg(i))) {
        n++;
      }
    }
    if (n > 0) {
      c.saveRemoval("zrem", 'z');
    }
    return RespValue.integer(n);
  }

  // ------------------------------------------------------------------ point reads and counts

  static RespValue zscore(Keyspace ks, CommandArgs a) {
    Collection c = ZSetType.find(ks, a.arg(1));
    Double s = c == null ? null : ZSetType.score(c, a.arg(2));
    return s == null ? RespValue.NULL : score(s);
  }

  static RespValue zmscore(Keyspace ks, CommandArgs a) {
    Collection c = ZSetType.find(ks, a.arg(1));
    List<RespValue> out = new ArrayList<>(a.count() - 2);
    for (int i = 2; i < a.count(); i++) {
      Double s = c == null ? null : ZSetType.score(c, a.arg(i));
      out.add(s == null ? RespValue.NULL : score(s));
    }
    return RespValue.array(out);
  }

  static RespValue zcard(Keyspace ks, CommandArgs a) {
    Collection c = ZSetType.find(ks, a.arg(1));
    return RespValue.integer(c == null ? 0 : c.size());
  }

  static RespValue zcount(Keyspace ks, CommandArgs a) {
    var range = Ranges.score(a.arg(2), a.arg(3));
    Collection c = ZSetType.find(ks, a.arg(1));
    if (c == null) {
      return RespValue.ZERO;
    }
    long[] n = {0};
    ZSetType.byScore(c, range, false, 0, -1, e -> {
      n[0]++;
      return true;
    });
    return RespValue.integer(n[0]);
  }

  static RespValue zlexcount(Keyspace ks, CommandArgs a) {
    var range = Ranges.lex(a.arg(2), a.arg(3));
    Collection c = ZSetType.find(ks, a.arg(1));
    if (c == null) {
      return RespValue.ZERO;
    }
    long[] n = {0};
    ZSetType.byLex(c, range, false, 0, -1, e -> {
      n[0]++;
      return true;
    });
    return RespValue.integer(n[0]);
  }

  static RespValue zrank(Keyspace ks, CommandArgs a, boolean reverse) {
    if (a.count() > 4 || a.count() == 4 && !a.is(3, "withscore")) {
      throw RedisErrors.syntax();
    }
    boolean withScore = a.count() == 4;
    RespValue none = withScore ? RespValue.NULL_ARRAY : RespValue.NULL;
    Collection c = ZSetType.find(ks, a.arg(1));
    if (c == null) {
      return none;
    }
    Double s = ZSetType.score(c, a.arg(2));
    if (s == null) {
      return none;
    }
    long rank = ZSetType.rank(c, a.arg(2), s, reverse);
    if (rank < 0) {
      return none;
    }
    return withScore ? RespValue.array(RespValue.integer(rank), score(s)) : RespValue.integer(rank);
  }

  // ------------------------------------------------------------------ ranges

  /** Members, or members and scores as pairs (WITHSCORES). */
  static RespValue entries(List<ZSetType.Entry> entries, boolean withScores) {
    List<RespValue> out = new ArrayList<>(entries.size() * (withScores ? 2 : 1));
    for (ZSetType.Entry e : entries) {
      out.add(RespValue.bulk(e.member()));
      if (withScores) {
        out.add(score(e.score()));
      }
    }
    return withScores ? new RespValue.Pairs(out) : RespValue.array(out);
  }

  static RespValue range(Keyspace ks, CommandArgs a, RangeQuery.Kind kind, Boolean reverse) {
    RangeQuery q = RangeQuery.parse(a, 1, false, kind, reverse);
    Collection c = ZSetType.find(ks, a.arg(1));
    if (c == null) {
      return RespValue.EMPTY_ARRAY;
    }
    return entries(q.run(c), q.withScores);
  }

  static RespValue zrangestore(Keyspace ks, CommandArgs a) {
    RangeQuery q = RangeQuery.parse(a, 2, true, null, null);
    Collection src = ZSetType.find(ks, a.arg(2));
    List<ZSetType.Entry> entries = src == null ? List.of() : q.run(src);
    return storeEntries(ks, a.arg(1), entries, "zrangestore");
  }

  /** Replaces {@code dst} with {@code entries} (deleting it when there are none). */
  static RespValue storeEntries(Keyspace ks, byte[] dst, List<ZSetType.Entry> entries, String event) {
    if (entries.isEmpty()) {
      if (ks.delete(dst)) {
        ks.event(dst, "del", 'g');
      }
      return RespValue.ZERO;
    }
    Collection c = ZSetType.replace(ks, dst);
    for (ZSetType.Entry e : entries) {
      ZSetType.put(c, e.member(), e.score(), null);
    }
    c.save();
    ks.event(dst, event, 'z');
    return RespValue.integer(entries.size());
  }

  private static final int REMOVE_CHUNK = 1024;

  static RespValue zremrange(Keyspace ks, CommandArgs a, RangeQuery.Kind kind) {
    RangeQuery q = new RangeQuery();
    q.kind = kind;
    switch (kind) {
      case RANK -> {
        q.start = a.longArg(2);
        q.stop = a.longArg(3);
      }
      case SCORE -> q.score = Ranges.score(a.arg(2), a.arg(3));
      case LEX -> q.lex = Ranges.lex(a.arg(2), a.arg(3));
    }
    byte[] key = a.arg(1);
    Collection c = ZSetType.find(ks, key);
    if (c == null) {
      return RespValue.ZERO;
    }
    long removed = 0;
    if (kind == RangeQuery.Kind.RANK) {
      // Resolve the ranks once, then remove chunk by chunk from the same start rank.
      long[] r = IndexRange.resolve(q.start, q.stop, c.size());
      if (r != null) {
        long s = r[0];
        long total = r[1] - s + 1;
        while (removed < total) {
          List<ZSetType.Entry> chunk = new ArrayList<>();
          long n = Math.min(REMOVE_CHUNK, total - removed);
          ZSetType.byRank(c, s, s + n - 1, false, chunk::add);
          for (ZSetType.Entry x : chunk) {
            ZSetType.remove(c, x);
          }
          removed += chunk.size();
          if (chunk.size() < n) {
            break;
          }
        }
      }
    } else {
      q.limit = REMOVE_CHUNK;
      while (true) {
        List<ZSetType.Entry> chunk = q.run(c);
        for (ZSetType.Entry x : chunk) {
          ZSetType.remove(c, x);
        }
        removed += chunk.size();
        if (chunk.size() < REMOVE_CHUNK) {
          break;
        }
      }
    }
    if (removed > 0) {
      c.saveRemoval(kind == RangeQuery.Kind.RANK ? "zremrangebyrank" : kind == RangeQuery.Kind.SCORE ? "zremrangebyscore" : "zremrangebylex", 'z');
    }
    return RespValue.integer(removed);
  }

  // ------------------------------------------------------------------ pops

  /** Pops up to {@code count} entries from the low ({@code min}) or high end of a non-empty set. */
  static List<ZSetType.Entry> popFrom(Keyspace ks, Collection c, boolean min, long count) {
    List<ZSetType.Entry> popped = new ArrayList<>();
    ZSetType.byRank(c, 0, count - 1, !min, popped::add);
    for (ZSetType.Entry e : popped) {
      ZSetType.remove(c, e);
    }
    c.saveRemoval(min ? "zpopmin" : "zpopmax", 'z');
    return popped;
  }

  static RespValue zpop(Keyspace ks, CommandArgs a, boolean min) {
    long count = PopCount.parse(a, false);
    Collection c = ZSetType.find(ks, a.arg(1));
    if (c == null || count == 0) {
      return RespValue.EMPTY_ARRAY;
    }
    List<ZSetType.Entry> popped = popFrom(ks, c, min, count < 0 ? 1 : count);
    if (count < 0) {
      ZSetType.Entry e = popped.get(0);
      return RespValue.array(RespValue.bulk(e.member()), score(e.score()));
    }
    return entries(popped, true);
  }

  /** [[member, score], ...], nested in RESP2 too (ZMPOP, BZMPOP). */
  static RespValue nestedPairs(List<ZSetType.Entry> entries) {
    List<RespValue> out = new ArrayList<>(entries.size());
    for (ZSetType.Entry e : entries) {
      out.add(RespValue.array(RespValue.bulk(e.member()), score(e.score())));
    }
    return RespValue.array(out);
  }

  static RespValue zmpop(Keyspace ks, CommandArgs a, int numkeysAt) {
    MultiPop m = MultiPop.parse(a, numkeysAt, true);
    for (int i = 0; i < m.numkeys(); i++) {
      byte[] key = m.key(a, i);
      Collection c = ZSetType.find(ks, key);
      if (c != null) {
        return RespValue.array(RespValue.bulk(key), nestedPairs(popFrom(ks, c, m.first(), m.count())));
      }
    }
    return RespValue.NULL_ARRAY;
  }

  static RespValue bzpop(Keyspace ks, CommandArgs a, boolean min) {
    BlockingCommand.checkLastTimeout(a);
    for (int i = 1; i < a.count() - 1; i++) {
      byte[] key = a.arg(i);
      Collection c = ZSetType.find(ks, key);
      if (c != null) {
        ZSetType.Entry e = popFrom(ks, c, min, 1).get(0);
        return RespValue.array(RespValue.bulk(key), RespValue.bulk(e.member()), score(e.score()));
      }
    }
    return RespValue.NULL_ARRAY;
  }

  // ------------------------------------------------------------------ random and scan

  static RespValue zrandmember(Keyspace ks, CommandArgs a) {
    if (a.count() > 4 || a.count() == 4 && !a.is(3, "withscores")) {
      throw RedisErrors.syntax();
    }
    Collection c;
    if (a.count() == 2) {
      c = ZSetType.find(ks, a.arg(1));
      RandomMembers.Pick p = c == null ? null : RandomMembers.one(c, ks.random());
      return p == null ? RespValue.NULL : RespValue.bulk(p.member());
    }
    boolean withScores = a.count() == 4;
    long count = HashCommands.randomCount(a, 2);
    c = ZSetType.find(ks, a.arg(1));
    if (c == null || count == 0) {
      return RespValue.EMPTY_ARRAY;
    }
    List<RespValue> out = new ArrayList<>();
    for (RandomMembers.Pick p : HashCommands.randomPicks(c, count, ks.random())) {
      out.add(RespValue.bulk(p.member()));
      if (withScores) {
        out.add(score(Double.longBitsToDouble(Bytes.getLong(p.value(), 0))));
      }
    }
    return withScores ? new RespValue.Pairs(out) : RespValue.array(out);
  }

  static RespValue zscan(Keyspace ks, CommandArgs a) {
    long cursor = MemberScan.cursor(a);
    Collection c = ZSetType.find(ks, a.arg(1));
    return MemberScan.scan(ks.store().cursors(), c, a, cursor, (m, v, out) -> {
      out.add(RespValue.bulk(m));
      out.add(RespValue.bulk(RespDoubles.format(Double.longBitsToDouble(Bytes.getLong(v, 0)))));
    });
  }
}
