package io.pacraft.server.command.zset;

import io.pacraft.resp.RespValue;
import io.pacraft.server.command.CommandArgs;
import io.pacraft.server.command.CommandError;
import io.pacraft.server.command.NumKeys;
import io.pacraft.server.command.RedisErrors;
import io.pacraft.server.storage.Bytes;
import io.pacraft.server.storage.Collection;
import io.pacraft.server.storage.KeyType;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.MemberIterator;
import io.pacraft.server.storage.Meta;
import io.pacraft.server.storage.SetType;
import io.pacraft.server.storage.WrongTypeException;
import io.pacraft.server.storage.ZSetType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD: {@code numkeys key... [WEIGHTS w...]
 * [AGGREGATE SUM|MIN|MAX] [WITHSCORES]}. Inputs may be sorted sets or sets (score 1). The result
 * is built in memory (it is the reply, or the new value of the destination).
 */
final class Aggregation {
  private Aggregation() {}

  enum Op {
    UNION("zunion"),
    INTER("zinter"),
    DIFF("zdiff");

    final String name;

    Op(String name) {
      this.name = name;
    }
  }

  enum Aggregate {
    SUM,
    MIN,
    MAX
  }

  /** A parsed request. */
  static final class Request {
    int numkeysAt;
    int numkeys;
    double[] weights;
    Aggregate aggregate = Aggregate.SUM;
    boolean withScores;

    /** ZUNIONSTORE and the like: a destination key before numkeys, no WITHSCORES. */
    boolean store() {
      return numkeysAt == 2;
    }

    byte[] key(CommandArgs a, int i) {
      return a.arg(numkeysAt + 1 + i);
    }
  }

  /** numkeys and the keys' count; the options follow in {@link #options}. */
  static Request parse(CommandArgs a, Op op, boolean store) {
    Request r = new Request();
    r.numkeysAt = store ? 2 : 1;
    String name = op.name + (store ? "store" : "");
    long n = a.longArg(r.numkeysAt);
    if (n < 1) {
      throw new CommandError("ERR at least 1 input key is needed for '" + name + "' command");
    }
    if (n > a.count() - r.numkeysAt - 1) {
      throw RedisErrors.syntax();
    }
    r.numkeys = (int) n;
    r.weights = new double[r.numkeys];
    Arrays.fill(r.weights, 1.0);
    return r;
  }

  /**
   * WEIGHTS, AGGREGATE, WITHSCORES. Redis reads them after checking the inputs' types, so a
   * wrong-type input answers WRONGTYPE before a bad option answers a syntax error.
   */
  static void options(CommandArgs a, Op op, Request r) {
    for (int j = r.numkeysAt + 1 + r.numkeys; j < a.count(); j++) {
      int left = a.count() - j - 1;
      if (op != Op.DIFF && a.is(j, "weights") && left >= r.numkeys) {
        for (int w = 0; w < r.numkeys; w++) {
          Double d = CommandArgs.tryParseDouble(a.arg(++j));
          if (d == null) {
            throw new CommandError("ERR weight value is not a float");
          }
          r.weights[w] = d;
        }
      } else if (op != Op.DIFF && a.is(j, "aggregate") && left >= 1) {
        j++;
        if (a.is(j, "sum")) {
          r.aggregate = Aggregate.SUM;
        } else if (a.is(j, "min")) {
          r.aggregate = Aggregate.MIN;
        } else if (a.is(j, "max")) {
          r.aggregate = Aggregate.MAX;
        } else {
          throw RedisErrors.syntax();
        }
      } else if (!r.store() && a.is(j, "withscores")) {
        r.withScores = true;
      } else {
        throw RedisErrors.syntax();
      }
    }
  }

  /** An input: a sorted set, a set (every score 1), or null for an absent key. */
  private static Collection input(Keyspace ks, byte[] key) {
    Meta m = ks.meta(key);
    if (m == null) {
      return null;
    }
    if (m.type() == KeyType.ZSET) {
      return ZSetType.find(ks, key);
    }
    if (m.type() == KeyType.SET) {
      return SetType.find(ks, key);
    }
    throw new WrongTypeException();
  }

  private static double scoreOf(Collection c, byte[] value) {
    return c.type() == KeyType.ZSET ? Double.longBitsToDouble(Bytes.getLong(value, 0)) : 1.0;
  }

  private static Double lookup(Collection c, byte[] member) {
    byte[] v = c.get(member);
    return v == null ? null : scoreOf(c, v);
  }

  private static double weighted(double score, double weight) {
    double v = score * weight;
    return Double.isNaN(v) ? 0 : v;
  }

  /** Redis' aggregation of {@code b} into {@code a}: a NaN {@code b} never wins MIN or MAX, nor -0 against 0. */
  private static double combine(Aggregate agg, double a, double b) {
    switch (agg) {
      case MIN:
        return b < a ? b : a;
      case MAX:
        return b > a ? b : a;
      default:
        double s = a + b;
        return Double.isNaN(s) ? 0 : s;
    }
  }

  /** The result entries, ordered by score then member. */
  static List<ZSetType.Entry> compute(Keyspace ks, CommandArgs a, Op op, Request r) {
    List<Collection> inputs = new ArrayList<>(r.numkeys);
    for (int i = 0; i < r.numkeys; i++) {
      inputs.add(input(ks, r.key(a, i)));
    }
    options(a, op, r);
    // Redis combines the inputs from the smallest to the largest (a stable sort by size), which
    // decides the rounding of sums and the sign of zeros: the same order gives the same scores
    Integer[] order = new Integer[inputs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(i -> inputs.get(i) == null ? 0 : inputs.get(i).size()));
    Map<byte[], Double> acc = new TreeMap<>(Arrays::compareUnsigned);
    switch (op) {
      case UNION -> {
        for (int i : order) {
          Collection c = inputs.get(i);
          if (c == null) {
            continue;
          }
          try (MemberIterator it = c.members().first()) {
            for (; it.valid(); it.next()) {
              double s = weighted(scoreOf(c, it.value()), r.weights[i]);
              acc.merge(it.suffix(), s, (x, y) -> combine(r.aggregate, x, y));
            }
          }
        }
      }
      case INTER -> {
        if (inputs.contains(null)) {
          return List.of();
        }
        int smallest = order[0];
        Collection base = inputs.get(smallest);
        try (MemberIterator it = base.members().first()) {
          for (; it.valid(); it.next()) {
            byte[] m = it.suffix();
            // as Redis: only the first (smallest) input's product has NaN (0 × inf) made 0; the
            // others' go into the aggregate as they are
            double total = weighted(scoreOf(base, it.value()), r.weights[smallest]);
            boolean inAll = true;
            for (int k = 1; k < order.length && inAll; k++) {
              Double s = lookup(inputs.get(order[k]), m);
              inAll = s != null;
              if (inAll) {
                total = combine(r.aggregate, total, s * r.weights[order[k]]);
              }
            }
            if (inAll) {
              acc.put(m, total);
            }
          }
        }
      }
      case DIFF -> {
        Collection first = inputs.get(0);
        if (first == null) {
          return List.of();
        }
        try (MemberIterator it = first.members().first()) {
          for (; it.valid(); it.next()) {
            byte[] m = it.suffix();
            boolean elsewhere = false;
            for (int i = 1; i < inputs.size() && !elsewhere; i++) {
              Collection c = inputs.get(i);
              elsewhere = c != null && (Arrays.equals(c.key(), first.key()) || lookup(c, m) != null);
            }
            if (!elsewhere) {
              acc.put(m, scoreOf(first, it.value()));
            }
          }
        }
      }
    }
    List<ZSetType.Entry> out = new ArrayList<>(acc.size());
    for (Map.Entry<byte[], Double> e : acc.entrySet()) {
      out.add(new ZSetType.Entry(e.getKey(), e.getValue()));
    }
    // by score as Redis compares them (-0 equals 0, unlike Double.compare); the sort is stable, so
    // ties stay in member order
    out.sort((x, y) -> x.score() < y.score() ? -1 : x.score() > y.score() ? 1 : 0);
    return out;
  }

  static RespValue query(Keyspace ks, CommandArgs a, Op op) {
    Request r = parse(a, op, false);
    return ZSetCommands.entries(compute(ks, a, op, r), r.withScores);
  }

  static RespValue store(Keyspace ks, CommandArgs a, Op op) {
    Request r = parse(a, op, true);
    List<ZSetType.Entry> result = compute(ks, a, op, r);
    return ZSetCommands.storeEntries(ks, a.arg(1), result, op.name + "store");
  }

  static RespValue intercard(Keyspace ks, CommandArgs a) {
    long n = a.longArg(1);
    if (n < 1) {
      throw new CommandError("ERR at least 1 input key is needed for 'zintercard' command");
    }
    if (n > a.count() - 2) {
      throw RedisErrors.syntax();
    }
    List<Collection> inputs = new ArrayList<>();
    Collection smallest = null;
    boolean empty = false;
    for (int i = 0; i < n; i++) {
      Collection c = input(ks, a.arg(2 + i));
      if (c == null) {
        empty = true;
        continue;
      }
      inputs.add(c);
      if (smallest == null || c.size() < smallest.size()) {
        smallest = c;
      }
    }
    // the inputs' types first, then LIMIT, as Redis checks them
    long limit = NumKeys.cardLimit(a, 2 + (int) n);
    if (empty) {
      return RespValue.ZERO;
    }
    long count = 0;
    try (MemberIterator it = smallest.members().first()) {
      for (; it.valid() && (limit == 0 || count < limit); it.next()) {
        byte[] m = it.suffix();
        boolean all = true;
        for (Collection c : inputs) {
          if (c != smallest && c.get(m) == null) {
            all = false;
            break;
          }
        }
        if (all) {
          count++;
        }
      }
    }
    return RespValue.integer(count);
  }
}
