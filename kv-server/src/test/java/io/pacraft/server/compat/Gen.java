package io.pacraft.server.compat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Random commands of every deterministic family over a handful of shared keys, with the argument
 * values Redis documents as edge cases (negative indexes, counts of 0, infinities, NaN, exclusive
 * and lexical range bounds, numbers out of range, words where numbers belong). Keys are shared
 * between families so that type clashes (WRONGTYPE) come up often.
 *
 * <p>Left out on purpose, because two correct servers may answer them differently: commands whose
 * answer is random (SPOP and SRANDMEMBER with small counts, HRANDFIELD, ZRANDMEMBER, RANDOMKEY),
 * SCAN cursors, OBJECT ENCODING, INFO, and doubles that have no exact binary form (Redis 7.0 and
 * 7.2 print those differently).
 */
final class Gen {
  /** One generated command: its words, and how replies are compared. */
  record Cmd(String[] args, Compare compare) {
    String name() {
      return args[0].toUpperCase();
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      for (String a : args) {
        if (b.length() > 0) {
          b.append(' ');
        }
        b.append(a.isEmpty() || a.contains(" ") ? '"' + a + '"' : a);
      }
      return b.toString();
    }
  }

  enum Compare {
    EXACT,
    /** an array whose order Redis does not define (SMEMBERS, HKEYS…): compared sorted */
    UNORDERED,
    /** HGETALL: field-value pairs in no defined order */
    UNORDERED_PAIRS,
    /** TTL: seconds left, allowed to differ by one */
    TTL,
    /** PTTL: milliseconds left, allowed to differ by 250 */
    PTTL,
    /**
     * a SCAN-family command at cursor 0: the test follows the cursor to its end on each server and
     * compares everything returned, sorted (cursors are each server's own business)
     */
    SCAN,
    /**
     * a lexical range on the sorted set at argument 1: compared exactly, but only sent when all its
     * members have one score (with several, Redis leaves the answer unspecified)
     */
    LEX
  }

  static final String[] STRING_KEYS = {"s1", "s2"};
  static final String[] HASH_KEYS = {"h1", "h2"};
  static final String[] LIST_KEYS = {"l1", "l2"};
  static final String[] SET_KEYS = {"t1", "t2", "t3"};
  static final String[] ZSET_KEYS = {"z1", "z2", "z3"};
  static final String[] BIT_KEYS = {"b1", "b2"};
  static final String[] ALL_KEYS = {
    "s1", "s2", "h1", "h2", "l1", "l2", "t1", "t2", "t3", "z1", "z2", "z3", "b1", "b2", "nokey"
  };

  static final String[] MEMBERS = {"a", "b", "c", "d", "e", "f", "1", "10", "-1"};
  static final String[] VALUES = {
    "", "0", "1", "-5", "10", "abc", "3.5", "9223372036854775807", "-9223372036854775808", "x y",
    "12345678901234567890", " 1", "1e3", "0x10", "-0"
  };
  static final String[] INTS = {"0", "1", "2", "-1", "-2", "5", "100", "-100", "x", "1.5", "9223372036854775807",
    "-9223372036854775808", "9223372036854775808"};
  static final String[] FLOATS = {"1.5", "-0.25", "2", "1e2", "abc", "inf", "-inf", "nan", "0", "+1", "3.0e0", "1.5x"};
  static final String[] SCORES = {"1", "2", "1.5", "-2", "0", "300", "+inf", "-inf", "inf", "0.25", "-0.5", "nan", "x", "1e1", "-0"};
  static final String[] SCORE_BOUNDS = {"1", "2", "1.5", "-2", "0", "+inf", "-inf", "(1", "(2", "(1.5", "(-inf", "(+inf",
    "x", "(x", "nan", "((1"};
  static final String[] LEX_BOUNDS = {"-", "+", "[a", "(a", "[c", "(c", "[e", "(f", "[", "(", "a", "[1", "(10", "--"};

  private final Random random;

  Gen(long seed) {
    random = new Random(seed);
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  /** A key of {@code home}, now and then any key (a type clash, or a key that does not exist). */
  private String key(String[] home) {
    return chance(85) ? pick(home) : pick(ALL_KEYS);
  }

  private String index() {
    return chance(85) ? Integer.toString(random.nextInt(15) - 7) : pick("100", "-100", "x", "9223372036854775807");
  }

  private String wellFormedIndex() {
    return chance(90) ? Integer.toString(random.nextInt(15) - 7) : pick("100", "-100", "9223372036854775807");
  }

  private String count() {
    return chance(85) ? Integer.toString(random.nextInt(6)) : pick("-1", "x", "100", "-5");
  }

  private String member() {
    return chance(95) ? pick(MEMBERS) : "";
  }

  private String value() {
    return chance(60) ? pick(MEMBERS) : pick(VALUES);
  }

  private void members(List<String> out, int min, int max) {
    int n = min + random.nextInt(max - min + 1);
    for (int i = 0; i < n; i++) {
      out.add(member());
    }
  }

  private Cmd cmd(Compare c, List<String> words) {
    return new Cmd(words.toArray(String[]::new), c);
  }

  private Cmd cmd(String... words) {
    return new Cmd(words, Compare.EXACT);
  }

  private List<String> words(String... start) {
    return new ArrayList<>(Arrays.asList(start));
  }

  private final List<Function<Gen, Cmd>> families =
      List.of(Gen::string, Gen::key, Gen::hash, Gen::list, Gen::list, Gen::set, Gen::zset, Gen::zset, Gen::bitmap);

  Cmd next() {
    return families.get(random.nextInt(families.size())).apply(this);
  }

  private Cmd scan(String command, String key) {
    List<String> w = words(command, key, "0");
    if (chance(50)) {
      w.add("MATCH");
      w.add(pick("*", "a*", "?", "1*", "[a-c]", "nomatch"));
    }
    if (chance(40)) {
      w.add("COUNT");
      w.add(pick("1", "2", "100", "0", "x"));
    }
    return cmd(Compare.SCAN, w);
  }

  // ------------------------------------------------------------------ strings

  private Cmd string() {
    String k = key(STRING_KEYS);
    switch (random.nextInt(20)) {
      case 0, 1: {
        List<String> w = words("SET", k, value());
        if (chance(30)) {
          w.add(pick("NX", "XX"));
        }
        if (chance(20)) {
          w.add("GET");
        }
        // no time in the past: Redis 7.0 stores such a key and lets it expire later (DBSIZE counts
        // it meanwhile), pacraft does not store it
        if (chance(15)) {
          w.add(pick("KEEPTTL", "EX", "PX", "EXAT", "PXAT"));
          if (!w.get(w.size() - 1).equals("KEEPTTL")) {
            String unit = w.get(w.size() - 1);
            w.add(unit.equals("EXAT") ? pick("4102444800", "0") // 2100-01-01
                : unit.equals("PXAT") ? pick("4102444800000", "0")
                : pick("1000000", "0", "-1", "x", "100000"));
          }
        }
        return cmd(Compare.EXACT, w);
      }
      case 2: return cmd("GET", k);
      case 3: return cmd("APPEND", k, value());
      case 4: return cmd("STRLEN", k);
      case 5: return cmd(pick("INCR", "DECR"), k);
      case 6: return cmd(pick("INCRBY", "DECRBY"), k, pick(INTS));
      case 7: return cmd("INCRBYFLOAT", k, pick(FLOATS));
      case 8: return cmd("GETRANGE", k, index(), index());
      case 9: return cmd("SETRANGE", k, pick("0", "1", "3", "10", "-1", "x", "536870912"), value());
      case 10: return cmd("GETDEL", k);
      case 11: return cmd("MGET", k, key(STRING_KEYS), pick(ALL_KEYS));
      case 12: return cmd("MSET", k, value(), key(STRING_KEYS), value());
      case 13: return cmd("MSETNX", k, value(), pick(ALL_KEYS), value());
      case 14: return cmd("SETNX", k, value());
      case 15: return cmd("GETSET", k, value());
      case 16: return cmd("LCS", k, key(STRING_KEYS));
      case 17: {
        List<String> w = words("LCS", k, key(STRING_KEYS), pick("LEN", "IDX"));
        if (w.get(3).equals("IDX") && chance(50)) {
          w.add("WITHMATCHLEN");
        }
        if (chance(30)) {
          w.add("MINMATCHLEN");
          w.add(pick("0", "1", "2", "x"));
        }
        return cmd(Compare.EXACT, w);
      }
      case 18: return cmd("SETEX", k, pick("100", "0", "-1", "x"), value());
      default: return chance(30) ? cmd("GETEX", k, "PERSIST") : cmd("GETEX", k, pick("EX", "PX"), pick("1000000", "0", "x"));
    }
  }

  // ------------------------------------------------------------------ keys

  private Cmd key() {
    String k = pick(ALL_KEYS);
    String other = pick(ALL_KEYS);
    switch (random.nextInt(19)) {
      case 0: return cmd("DEL", k, other);
      case 1: return cmd("EXISTS", k, other, k);
      case 2: return cmd("TYPE", k);
      case 3: return cmd("RENAME", k, other);
      case 4: return cmd("RENAMENX", k, other);
      case 5: return chance(50) ? cmd("COPY", k, other) : cmd("COPY", k, other, "REPLACE");
      case 6: return cmd("PERSIST", k);
      case 7: {
        List<String> w = words("EXPIRE", k, pick("1000", "2000", "100000", "x"));
        if (chance(40)) {
          w.add(pick("NX", "XX", "GT", "LT", "ZZ"));
        }
        return cmd(Compare.EXACT, w);
      }
      case 8: return cmd(Compare.TTL, words("TTL", k));
      case 9: return cmd("DBSIZE");
      case 10: return cmd(Compare.UNORDERED, words("KEYS", pick("*", "?1", "[hl]*", "z*", "nomatch")));
      case 11: return cmd("UNLINK", k);
      case 12: return cmd("TOUCH", k, other);
      case 13: return cmd(Compare.TTL, words("EXPIRETIME", k));
      case 14: return cmd("PEXPIRE", k, pick("1000000", "-1", "0", "x", "9223372036854775807"));
      case 15: return cmd(Compare.PTTL, words("PTTL", k));
      case 16: return cmd("EXPIREAT", k, pick("1", "0", "4102444800", "-5"));
      case 17: {
        List<String> w = words("SCAN", "0");
        if (chance(50)) {
          w.add("MATCH");
          w.add(pick("*", "?1", "[hl]*", "z*", "*2", "nomatch", "\\*"));
        }
        if (chance(40)) {
          w.add("COUNT");
          w.add(pick("1", "2", "100", "0", "x"));
        }
        if (chance(40)) {
          w.add("TYPE");
          w.add(pick("string", "hash", "list", "set", "zset", "nosuchtype"));
        }
        return cmd(Compare.SCAN, w);
      }
      default: return cmd("EXPIRE", k, pick("-1", "0"));
    }
  }

  // ------------------------------------------------------------------ hashes

  private Cmd hash() {
    String k = key(HASH_KEYS);
    switch (random.nextInt(16)) {
      case 0, 1: {
        List<String> w = words(pick("HSET", "HMSET"), k);
        int n = random.nextInt(4); // 0 pairs is a wrong-arity error; an odd count too, now and then
        for (int i = 0; i < n; i++) {
          w.add(member());
          w.add(value());
        }
        if (chance(5)) {
          w.add(member());
        }
        return cmd(Compare.EXACT, w);
      }
      case 2: return cmd("HSETNX", k, member(), value());
      case 3: return cmd("HGET", k, member());
      case 4: return cmd("HMGET", k, member(), member());
      case 5: return cmd(Compare.UNORDERED_PAIRS, words("HGETALL", k));
      case 6: {
        List<String> w = words("HDEL", k);
        members(w, 1, 3);
        return cmd(Compare.EXACT, w);
      }
      case 7: return cmd("HLEN", k);
      case 8: return cmd("HEXISTS", k, member());
      case 9: return cmd(Compare.UNORDERED, words("HKEYS", k));
      case 10: return cmd(Compare.UNORDERED, words("HVALS", k));
      case 11: return cmd("HINCRBY", k, member(), pick(INTS));
      case 12: return cmd("HINCRBYFLOAT", k, member(), pick(FLOATS));
      case 13: return cmd("HSTRLEN", k, member());
      case 14: return chance(50) ? cmd(Compare.UNORDERED, words("HRANDFIELD", k, pick("100", "50"))) : scan("HSCAN", k);
      default: return cmd("HRANDFIELD", k, "0");
    }
  }

  // ------------------------------------------------------------------ lists

  private Cmd list() {
    String k = key(LIST_KEYS);
    switch (random.nextInt(20)) {
      case 0, 1, 2: {
        List<String> w = words(pick("LPUSH", "RPUSH", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX"), k);
        members(w, 1, 4);
        return cmd(Compare.EXACT, w);
      }
      case 3: return chance(50) ? cmd(pick("LPOP", "RPOP"), k) : cmd(pick("LPOP", "RPOP"), k, count());
      case 4: return cmd("LLEN", k);
      case 5, 6: return cmd("LRANGE", k, index(), index());
      case 7: return cmd("LINDEX", k, index());
      case 8: return cmd("LSET", k, index(), member());
      case 9: return cmd("LINSERT", k, pick("BEFORE", "AFTER", "AROUND"), member(), member());
      case 10: return cmd("LREM", k, pick("0", "1", "-1", "2", "-2", "x"), member());
      case 11: return cmd("LTRIM", k, index(), index());
      case 12: {
        List<String> w = words("LPOS", k, member());
        if (chance(40)) {
          w.add("RANK");
          // not -9223372036854775808: Redis 7.2 (and pacraft) refuse it, 7.0 does not
          w.add(pick("1", "2", "-1", "-2", "0", "x"));
        }
        if (chance(40)) {
          w.add("COUNT");
          w.add(pick("0", "1", "2", "-1"));
        }
        if (chance(30)) {
          w.add("MAXLEN");
          w.add(pick("0", "1", "3", "-1"));
        }
        return cmd(Compare.EXACT, w);
      }
      case 13: return cmd("LMOVE", k, key(LIST_KEYS), pick("LEFT", "RIGHT"), pick("LEFT", "RIGHT", "UP"));
      case 14: return cmd("RPOPLPUSH", k, key(LIST_KEYS));
      case 15: {
        List<String> w = words("LMPOP", pick("2", "1", "0", "3"), k, key(LIST_KEYS), pick("LEFT", "RIGHT", "MIDDLE"));
        if (chance(50)) {
          w.add("COUNT");
          w.add(pick("1", "2", "5", "0", "-1"));
        }
        return cmd(Compare.EXACT, w);
      }
      case 16: {
        switch (random.nextInt(4)) {
          case 0: return cmd(pick("BLPOP", "BRPOP"), k, key(LIST_KEYS), pick("0.01", "-1", "x"));
          case 1: return cmd("BRPOPLPUSH", k, key(LIST_KEYS), "0.01");
          case 2: {
            List<String> w = words("BLMPOP", pick("0.01", "-1"), pick("2", "1", "0"), k, key(LIST_KEYS), pick("LEFT", "RIGHT"));
            if (chance(50)) {
              w.add("COUNT");
              w.add(pick("1", "3", "0"));
            }
            return cmd(Compare.EXACT, w);
          }
          default: return cmd("LINSERT", k, pick("BEFORE", "AFTER"), "nosuchpivot", member());
        }
      }
      case 17: return cmd("BLMOVE", k, key(LIST_KEYS), pick("LEFT", "RIGHT"), pick("LEFT", "RIGHT"), "0.01");
      default: return cmd("LRANGE", k, "0", "-1");
    }
  }

  // ------------------------------------------------------------------ sets

  private Cmd set() {
    String k = key(SET_KEYS);
    switch (random.nextInt(19)) {
      case 0, 1, 2: {
        List<String> w = words("SADD", k);
        members(w, 1, 4);
        return cmd(Compare.EXACT, w);
      }
      case 3: {
        List<String> w = words("SREM", k);
        members(w, 1, 3);
        return cmd(Compare.EXACT, w);
      }
      case 4: return cmd(Compare.UNORDERED, words("SMEMBERS", k));
      case 5: return cmd("SISMEMBER", k, member());
      case 6: return cmd("SMISMEMBER", k, member(), member());
      case 7: return cmd("SCARD", k);
      case 8: return cmd("SMOVE", k, key(SET_KEYS), member());
      case 9: return cmd(Compare.UNORDERED, words(pick("SINTER", "SUNION", "SDIFF"), k, key(SET_KEYS)));
      case 10: return cmd(Compare.UNORDERED, words(pick("SINTER", "SUNION", "SDIFF"), k, key(SET_KEYS), key(SET_KEYS)));
      case 11: return cmd(pick("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE"), key(SET_KEYS), k, key(SET_KEYS));
      case 12: {
        List<String> w = words("SINTERCARD", pick("2", "1", "0", "3", "x"), k, key(SET_KEYS));
        if (chance(40)) {
          w.add("LIMIT");
          w.add(pick("0", "1", "2", "-1"));
        }
        return cmd(Compare.EXACT, w);
      }
      case 13: return cmd(Compare.UNORDERED, words("SPOP", k, "100"));
      case 14: return cmd(Compare.UNORDERED, words("SRANDMEMBER", k, "100"));
      case 15: return cmd("SPOP", k, pick("0", "-1", "x"));
      case 16: return cmd("SRANDMEMBER", k, "0");
      case 17: return cmd("SMOVE", k, k, member());
      default: return scan("SSCAN", k);
    }
  }

  // ------------------------------------------------------------------ sorted sets

  private void withScores(List<String> w) {
    if (chance(50)) {
      w.add("WITHSCORES");
    }
  }

  private void limit(List<String> w) {
    if (chance(35)) {
      w.add("LIMIT");
      w.add(pick("0", "1", "2", "-1", "5"));
      w.add(pick("1", "2", "-1", "0", "10"));
    }
  }

  private List<String> zsetKeys(List<String> w, String k) {
    String n = pick("2", "2", "1", "3", "0", "x");
    w.add(n);
    w.add(k);
    w.add(key(ZSET_KEYS));
    if (chance(30)) {
      w.add(pick(ZSET_KEYS));
    }
    return w;
  }

  /** Mostly the sorted set whose members all have score 0, where lexical ranges are defined. */
  private String lexKey() {
    return chance(85) ? "zlex" : pick(ALL_KEYS);
  }

  private Cmd lexAdd() {
    List<String> w = words("ZADD", "zlex");
    if (chance(20)) {
      w.add(pick("NX", "XX", "CH"));
    }
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      w.add("0");
      w.add(member());
    }
    return cmd(Compare.EXACT, w);
  }

  private Cmd zset() {
    String k = key(ZSET_KEYS);
    switch (random.nextInt(31)) {
      case 0, 1, 2, 3: {
        List<String> w = words("ZADD", k);
        if (chance(30)) {
          w.add(pick("NX", "XX"));
        }
        if (chance(25)) {
          w.add(pick("GT", "LT"));
        }
        if (chance(25)) {
          w.add("CH");
        }
        boolean incr = chance(15);
        if (incr) {
          w.add("INCR");
        }
        int n = incr && chance(80) ? 1 : 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
          w.add(pick(SCORES));
          w.add(member());
        }
        return cmd(Compare.EXACT, w);
      }
      case 4: {
        List<String> w = words("ZREM", k);
        members(w, 1, 3);
        return cmd(Compare.EXACT, w);
      }
      case 5: return cmd("ZSCORE", k, member());
      case 6: return cmd("ZMSCORE", k, member(), member());
      case 7: return cmd("ZINCRBY", k, pick(SCORES), member());
      case 8: return cmd("ZCARD", k);
      case 9: return cmd("ZCOUNT", k, pick(SCORE_BOUNDS), pick(SCORE_BOUNDS));
      case 10: return cmd(Compare.LEX, words("ZLEXCOUNT", lexKey(), pick(LEX_BOUNDS), pick(LEX_BOUNDS)));
      case 11, 12, 13: {
        int by = random.nextInt(3);
        List<String> w = words("ZRANGE", by == 2 ? lexKey() : k);
        if (by == 0) {
          w.add(index());
          w.add(index());
        } else if (by == 1) {
          w.add(pick(SCORE_BOUNDS));
          w.add(pick(SCORE_BOUNDS));
          w.add("BYSCORE");
        } else {
          w.add(pick(LEX_BOUNDS));
          w.add(pick(LEX_BOUNDS));
          w.add("BYLEX");
        }
        if (chance(40)) {
          w.add("REV");
        }
        limit(w);
        withScores(w);
        if (chance(5)) {
          java.util.Collections.swap(w, w.size() - 1, 2 + random.nextInt(w.size() - 2));
        }
        return cmd(by == 2 ? Compare.LEX : Compare.EXACT, w);
      }
      case 14: {
        List<String> w = words("ZRANGESTORE", key(ZSET_KEYS), k);
        if (chance(50)) {
          w.add(index());
          w.add(index());
        } else {
          w.add(pick(SCORE_BOUNDS));
          w.add(pick(SCORE_BOUNDS));
          w.add("BYSCORE");
        }
        limit(w);
        return cmd(Compare.EXACT, w);
      }
      case 15: {
        List<String> w = words("ZREVRANGE", k, index(), index());
        withScores(w);
        return cmd(Compare.EXACT, w);
      }
      case 16: {
        List<String> w = words(pick("ZRANGEBYSCORE", "ZREVRANGEBYSCORE"), k, pick(SCORE_BOUNDS), pick(SCORE_BOUNDS));
        withScores(w);
        limit(w);
        return cmd(Compare.EXACT, w);
      }
      case 17: {
        List<String> w = words(pick("ZRANGEBYLEX", "ZREVRANGEBYLEX"), lexKey(), pick(LEX_BOUNDS), pick(LEX_BOUNDS));
        limit(w);
        return cmd(Compare.LEX, w);
      }
      case 18: return cmd(pick("ZRANK", "ZREVRANK"), k, member());
      case 19: return chance(50) ? cmd(pick("ZPOPMIN", "ZPOPMAX"), k) : cmd(pick("ZPOPMIN", "ZPOPMAX"), k, count());
      case 20: {
        List<String> w = zsetKeys(words("ZMPOP"), k);
        w.add(pick("MIN", "MAX", "MID"));
        if (chance(50)) {
          w.add("COUNT");
          w.add(pick("1", "2", "10", "0", "-1"));
        }
        return cmd(Compare.EXACT, w);
      }
      case 21: return cmd("ZREMRANGEBYRANK", k, index(), index());
      case 22: return cmd("ZREMRANGEBYSCORE", k, pick(SCORE_BOUNDS), pick(SCORE_BOUNDS));
      case 23: return chance(50) ? cmd(Compare.LEX, words("ZREMRANGEBYLEX", lexKey(), pick(LEX_BOUNDS), pick(LEX_BOUNDS))) : lexAdd();
      case 24, 25: {
        String op = pick("ZUNION", "ZINTER", "ZDIFF", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE");
        List<String> w = words(op);
        if (op.endsWith("STORE")) {
          w.add(key(ZSET_KEYS));
        }
        zsetKeys(w, k);
        if (!op.startsWith("ZDIFF") && chance(40)) {
          String numkeys = w.get(op.endsWith("STORE") ? 2 : 1);
          int n = numkeys.equals("x") ? 2 : Math.max(1, Integer.parseInt(numkeys));
          w.add("WEIGHTS");
          for (int i = 0; i < n; i++) {
            w.add(pick("1", "2", "-1", "0", "1.5", "inf", "x"));
          }
        }
        if (!op.startsWith("ZDIFF") && chance(40)) {
          w.add("AGGREGATE");
          w.add(pick("SUM", "MIN", "MAX", "AVG"));
        }
        if (!op.endsWith("STORE")) {
          withScores(w);
        }
        return cmd(Compare.EXACT, w);
      }
      case 26: {
        List<String> w = zsetKeys(words("ZINTERCARD"), k);
        if (chance(40)) {
          w.add("LIMIT");
          w.add(pick("0", "1", "-1"));
        }
        return cmd(Compare.EXACT, w);
      }
      case 27: {
        if (chance(50)) {
          return cmd(pick("BZPOPMIN", "BZPOPMAX"), k, key(ZSET_KEYS), pick("0.01", "-1"));
        }
        List<String> w = words("BZMPOP", "0.01", pick("2", "1"), k, key(ZSET_KEYS), pick("MIN", "MAX"));
        if (chance(50)) {
          w.add("COUNT");
          w.add(pick("1", "3", "0"));
        }
        return cmd(Compare.EXACT, w);
      }
      case 28: return cmd(Compare.UNORDERED, words("ZRANDMEMBER", k, "100"));
      case 29: return scan("ZSCAN", k);
      default: return cmd("ZRANGE", k, "0", "-1", "WITHSCORES");
    }
  }

  // ------------------------------------------------------------------ bitmaps

  private Cmd bitmap() {
    String k = key(BIT_KEYS);
    switch (random.nextInt(9)) {
      case 0, 1: return cmd("SETBIT", k, pick("0", "1", "7", "8", "15", "33", "-1", "x", "4294967296"), pick("1", "0", "1", "2"));
      case 2: return cmd("GETBIT", k, pick("0", "1", "7", "8", "15", "33", "1000", "-1"));
      case 3: {
        // only well-formed ranges: on a missing key Redis 7.0 answers 0 before it reads them, 7.2
        // (and pacraft) an error
        List<String> w = words("BITCOUNT", k);
        if (chance(60)) {
          w.add(wellFormedIndex());
          w.add(wellFormedIndex());
          if (chance(40)) {
            w.add(pick("BYTE", "BIT"));
          }
        }
        return cmd(Compare.EXACT, w);
      }
      case 4: {
        List<String> w = words("BITPOS", k, pick("0", "1", "2"));
        if (chance(60)) {
          w.add(wellFormedIndex());
          if (chance(60)) {
            w.add(wellFormedIndex());
            if (chance(40)) {
              w.add(pick("BYTE", "BIT"));
            }
          }
        }
        return cmd(Compare.EXACT, w);
      }
      case 5: {
        String op = pick("AND", "OR", "XOR", "NOT", "NAND");
        List<String> w = words("BITOP", op, key(BIT_KEYS), k);
        if (!op.equals("NOT") || chance(20)) {
          w.add(key(BIT_KEYS));
        }
        return cmd(Compare.EXACT, w);
      }
      case 6, 7: {
        List<String> w = words("BITFIELD", k);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
          if (chance(25)) {
            w.add("OVERFLOW");
            w.add(pick("WRAP", "SAT", "FAIL", "BAD"));
          }
          String type = pick("u8", "i8", "u4", "i16", "u1", "i64", "u63", "u64", "x8");
          String offset = pick("0", "4", "#1", "100", "-1");
          switch (random.nextInt(3)) {
            case 0 -> { w.add("GET"); w.add(type); w.add(offset); }
            case 1 -> { w.add("SET"); w.add(type); w.add(offset); w.add(pick("0", "255", "-1", "300", "x")); }
            default -> { w.add("INCRBY"); w.add(type); w.add(offset); w.add(pick("1", "100", "-200", "x")); }
          }
        }
        return cmd(Compare.EXACT, w);
      }
      default: return cmd("BITFIELD_RO", k, "GET", pick("u8", "i8", "u4"), pick("0", "#1", "8"));
    }
  }
}
