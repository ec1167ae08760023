package io.pacraft.server.command.zset;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.ZAggregateArgs;
import io.lettuce.core.ZStoreArgs;
import io.pacraft.resp.RespValue;
import io.pacraft.server.ServerTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class SortedSetCommandsTest extends ServerTest {

  private void abc() {
    redis.zadd("z", ScoredValue.just(1, "a"), ScoredValue.just(2, "b"), ScoredValue.just(3, "c"));
  }

  @Test
  void zaddFlags() throws Exception {
    assertThat(redis.zadd("z", ScoredValue.just(1, "a"), ScoredValue.just(2, "b"))).isEqualTo(2);
    assertThat(redis.zadd("z", ZAddArgs.Builder.nx(), ScoredValue.just(10, "a"), ScoredValue.just(4, "d"))).isEqualTo(1);
    assertThat(redis.zscore("z", "a")).isEqualTo(1.0);
    assertThat(redis.zadd("z", ZAddArgs.Builder.xx(), ScoredValue.just(20, "a"), ScoredValue.just(5, "e"))).isZero();
    assertThat(redis.zscore("z", "a")).isEqualTo(20.0);
    assertThat(redis.zscore("z", "e")).isNull();
    assertThat(redis.zadd("z", ZAddArgs.Builder.ch(), ScoredValue.just(1, "a"), ScoredValue.just(30, "b"), ScoredValue.just(6, "f"))).isEqualTo(3);
    assertThat(redis.zadd("z", ZAddArgs.Builder.gt().ch(), 0, "a")).isZero();
    assertThat(redis.zadd("z", ZAddArgs.Builder.gt().ch(), 100, "a")).isEqualTo(1);
    assertThat(redis.zadd("z", ZAddArgs.Builder.lt().ch(), 200, "a")).isZero();
    assertThat(redis.zaddincr("z", 5, "a")).isEqualTo(105.0);
    assertThat(call("ZADD", "z", "NX", "INCR", "5", "a")).isEqualTo(RespValue.NULL);
    assertThat(call("ZADD", "z", "GT", "INCR", "-1", "a")).as("GT refuses a lower score").isEqualTo(RespValue.NULL);
    assertThat(call("ZADD", "z", "LT", "INCR", "-1", "a")).isEqualTo(dbl("104"));
    assertThat(call("ZADD", "nokey", "XX", "1", "a")).isEqualTo(integer(0));
    assertThat(redis.exists("nokey")).isZero();
    assertRawError("ERR XX and NX options at the same time are not compatible", "ZADD", "z", "NX", "XX", "1", "a");
    assertRawError("ERR GT, LT, and/or NX options at the same time are not compatible", "ZADD", "z", "NX", "GT", "1", "a");
    assertRawError("ERR GT, LT, and/or NX options at the same time are not compatible", "ZADD", "z", "GT", "LT", "1", "a");
    assertRawError("ERR INCR option supports a single increment-element pair", "ZADD", "z", "INCR", "1", "a", "2", "b");
    assertRawError(SYNTAX, "ZADD", "z", "NX", "1");
    assertRawError(SYNTAX, "ZADD", "z", "1", "a", "2");
    assertRawError(NOT_FLOAT, "ZADD", "z", "x", "a");
    assertRawError(NOT_FLOAT, "ZADD", "z", "nan", "a");
    assertThat(redis.zcard("z")).as("no partial effect of a failed ZADD").isEqualTo(4);
  }

  @Test
  void infinitiesAndNaN() throws Exception {
    redis.zadd("z", ScoredValue.just(Double.POSITIVE_INFINITY, "top"), ScoredValue.just(Double.NEGATIVE_INFINITY, "bottom"), ScoredValue.just(0, "zero"));
    assertThat(redis.zrange("z", 0, -1)).containsExactly("bottom", "zero", "top");
    assertThat(call("ZSCORE", "z", "top")).isEqualTo(dbl("inf"));
    assertThat(call("ZSCORE", "z", "bottom")).isEqualTo(dbl("-inf"));
    assertRawError("ERR resulting score is not a number (NaN)", "ZINCRBY", "z", "-inf", "top");
    assertRawError("ERR resulting score is not a number (NaN)", "ZADD", "z", "INCR", "+inf", "bottom");
    assertThat(redis.zcount("z", Range.create(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY))).isEqualTo(3);
    assertThat(call("ZCOUNT", "z", "(-inf", "(+inf")).isEqualTo(integer(1));
    assertThat(call("ZRANGEBYSCORE", "z", "-inf", "inf")).isEqualTo(bulks("bottom", "zero", "top"));
    redis.zadd("u1", 1, "x");
    redis.zadd("u2", 1, "x");
    assertThat(call("ZUNION", "2", "z", "z", "WITHSCORES")).as("inf + inf, -inf + -inf")
        .isEqualTo(pairs(bulk("bottom"), dbl("-inf"), bulk("zero"), dbl("0"), bulk("top"), dbl("inf")));
    // inf * 0 is NaN. ZUNION takes every such product as 0, so -inf + 0 stays -inf; ZINTER does so
    // only for the first input's, and a later NaN makes the sum NaN, taken as 0 (as redis-server
    // 7.0.15 answers both)
    assertThat(call("ZUNION", "2", "z", "z", "WEIGHTS", "1", "0", "WITHSCORES"))
        .isEqualTo(pairs(bulk("bottom"), dbl("-inf"), bulk("zero"), dbl("0"), bulk("top"), dbl("inf")));
    assertThat(call("ZINTER", "2", "z", "z", "WEIGHTS", "1", "0", "WITHSCORES"))
        .isEqualTo(pairs(bulk("bottom"), dbl("0"), bulk("top"), dbl("0"), bulk("zero"), dbl("0")));
  }

  @Test
  void pointReadsAndCounts() throws Exception {
    abc();
    assertThat(redis.zmscore("z", "a", "zz", "c")).containsExactly(1.0, null, 3.0);
    assertThat(call("ZMSCORE", "z", "a", "zz")).isEqualTo(array(dbl("1"), RespValue.NULL));
    assertThat(redis.zscore("nokey", "a")).isNull();
    assertThat(redis.zcard("nokey")).isZero();
    assertThat(redis.zincrby("z", 2.5, "a")).isEqualTo(3.5);
    assertThat(redis.zincrby("z", 1, "new")).isEqualTo(1.0);
    assertRawError(NOT_FLOAT, "ZINCRBY", "z", "x", "a");
    assertThat(redis.zcount("z", Range.create(1.0, 3.0))).isEqualTo(3);
    assertThat(call("ZCOUNT", "z", "(1", "3")).isEqualTo(integer(2));
    assertRawError("ERR min or max is not a float", "ZCOUNT", "z", "x", "1");
    assertRawError("ERR min or max is not a float", "ZCOUNT", "z", "(x", "1");
    assertThat(redis.zrank("z", "b")).isEqualTo(1);
    assertThat(redis.zrevrank("z", "b")).isEqualTo(2);
    assertThat(redis.zrank("z", "zz")).isNull();
    assertThat(call("ZRANK", "z", "b", "WITHSCORE")).isEqualTo(array(integer(1), dbl("2")));
    assertThat(call("ZRANK", "z", "zz", "WITHSCORE")).isEqualTo(nullArray());
    assertRawError(SYNTAX, "ZRANK", "z", "b", "FOO");
    assertThat(redis.zrem("z", "a", "zz")).isEqualTo(1);
    assertThat(redis.zrem("nokey", "a")).isZero();
  }

  @Test
  void rangesByRankScoreAndLex() throws Exception {
    abc();
    redis.zadd("z", 4, "d");
    assertThat(redis.zrange("z", 0, -1)).containsExactly("a", "b", "c", "d");
    assertThat(redis.zrange("z", -2, -1)).containsExactly("c", "d");
    assertThat(redis.zrange("z", 3, 1)).isEmpty();
    assertThat(redis.zrange("nokey", 0, -1)).isEmpty();
    assertThat(redis.zrevrange("z", 0, 1)).containsExactly("d", "c");
    assertThat(call("ZRANGE", "z", "0", "1", "WITHSCORES")).isEqualTo(pairs(bulk("a"), dbl("1"), bulk("b"), dbl("2")));
    assertThat(call("ZRANGE", "z", "0", "-1", "REV")).isEqualTo(bulks("d", "c", "b", "a"));
    assertThat(call("ZRANGE", "z", "(1", "+inf", "BYSCORE", "LIMIT", "1", "2")).isEqualTo(bulks("c", "d"));
    assertThat(call("ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "0", "1")).isEqualTo(bulks("d"));
    assertThat(redis.zrangebyscore("z", Range.create(2.0, 3.0))).containsExactly("b", "c");
    assertThat(redis.zrangebyscore("z", Range.create(1.0, 4.0), Limit.create(1, 2))).containsExactly("b", "c");
    assertThat(redis.zrevrangebyscore("z", Range.from(Range.Boundary.excluding(1.0), Range.Boundary.including(3.0)))).containsExactly("c", "b");
    assertThat(call("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "3")).as("negative offset: nothing").isEqualTo(array());
    assertThat(call("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "2", "-1")).isEqualTo(bulks("c", "d"));
    assertThat(call("ZRANGEBYSCORE", "z", "(3", "(3")).isEqualTo(array());
    assertThat(call("ZRANGEBYSCORE", "z", "5", "1")).isEqualTo(array());
    assertRawError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX", "ZRANGE", "z", "0", "1", "LIMIT", "0", "1");
    assertRawError("ERR syntax error, WITHSCORES not supported in combination with BYLEX", "ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES");
    assertRawError(SYNTAX, "ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX");
    assertRawError(SYNTAX, "ZREVRANGE", "z", "0", "1", "REV");
    assertRawError(NOT_INTEGER, "ZRANGE", "z", "a", "b");
    redis.zadd("lex", ScoredValue.just(0, "a"), ScoredValue.just(0, "b"), ScoredValue.just(0, "c"), ScoredValue.just(0, "d"), ScoredValue.just(0, "e"));
    assertThat(call("ZRANGEBYLEX", "lex", "-", "+")).isEqualTo(bulks("a", "b", "c", "d", "e"));
    assertThat(call("ZRANGEBYLEX", "lex", "[b", "(e")).isEqualTo(bulks("b", "c", "d"));
    assertThat(call("ZRANGEBYLEX", "lex", "(b", "[e", "LIMIT", "1", "2")).isEqualTo(bulks("d", "e"));
    assertThat(call("ZREVRANGEBYLEX", "lex", "+", "-", "LIMIT", "0", "2")).isEqualTo(bulks("e", "d"));
    assertThat(call("ZREVRANGEBYLEX", "lex", "[e", "(b")).isEqualTo(bulks("e", "d", "c"));
    assertThat(call("ZRANGE", "lex", "[c", "-", "BYLEX", "REV")).isEqualTo(bulks("c", "b", "a"));
    assertThat(call("ZRANGEBYLEX", "lex", "+", "-")).isEqualTo(array());
    assertThat(call("ZRANGEBYLEX", "lex", "[c", "[a")).isEqualTo(array());
    assertThat(redis.zlexcount("lex", Range.create("b", "d"))).isEqualTo(3);
    assertThat(call("ZLEXCOUNT", "lex", "(b", "+")).isEqualTo(integer(3));
    assertRawError("ERR min or max not valid string range item", "ZLEXCOUNT", "lex", "b", "d");
    assertRawError("ERR min or max not valid string range item", "ZRANGEBYLEX", "lex", "-", "x");
  }

  @Test
  void storeAndRemoveRanges() throws Exception {
    for (int i = 1; i <= 6; i++) {
      redis.zadd("z", i, "m" + i);
    }
    assertThat(redis.zrangestore("dst", "z", Range.create(1L, 2L))).isEqualTo(2);
    assertThat(call("ZRANGE", "dst", "0", "-1", "WITHSCORES")).isEqualTo(pairs(bulk("m2"), dbl("2"), bulk("m3"), dbl("3")));
    assertThat(call("ZRANGESTORE", "dst", "z", "(4", "+inf", "BYSCORE")).isEqualTo(integer(2));
    assertThat(call("ZRANGESTORE", "dst", "nokey", "0", "1")).isEqualTo(integer(0));
    assertThat(redis.exists("dst")).isZero();
    assertRawError(SYNTAX, "ZRANGESTORE", "dst", "z", "0", "1", "WITHSCORES");
    assertThat(redis.zremrangebyrank("z", 0, 1)).isEqualTo(2);
    assertThat(redis.zremrangebyrank("z", -1, -1)).isEqualTo(1);
    assertThat(redis.zremrangebyscore("z", Range.from(Range.Boundary.excluding(3.0), Range.Boundary.including(4.0)))).isEqualTo(1);
    assertThat(redis.zrange("z", 0, -1)).containsExactly("m3", "m5");
    redis.zadd("lex", ScoredValue.just(0, "a"), ScoredValue.just(0, "b"), ScoredValue.just(0, "c"));
    assertThat(redis.zremrangebylex("lex", Range.create("a", "b"))).isEqualTo(2);
    assertThat(redis.zremrangebylex("lex", Range.create("a", "z"))).isEqualTo(1);
    assertThat(redis.exists("lex")).isZero();
    assertThat(redis.zremrangebyrank("nokey", 0, 1)).isZero();
    assertRawError("ERR min or max not valid string range item", "ZREMRANGEBYLEX", "z", "a", "b");
  }

  @Test
  void pops() throws Exception {
    abc();
    redis.zadd("z", 4, "d");
    assertThat(call("ZPOPMIN", "z")).isEqualTo(array(bulk("a"), dbl("1")));
    assertThat(call("ZPOPMAX", "z", "2")).isEqualTo(pairs(bulk("d"), dbl("4"), bulk("c"), dbl("3")));
    assertThat(call("ZPOPMIN", "z", "0")).isEqualTo(array());
    assertThat(call("ZPOPMIN", "nokey")).isEqualTo(array());
    assertThat(redis.zpopmin("z", 5)).containsExactly(ScoredValue.just(2, "b"));
    assertThat(redis.exists("z")).isZero();
    assertRawError("ERR value is out of range, must be positive", "ZPOPMIN", "z", "-1");
    abc();
    assertThat(call("ZMPOP", "2", "nokey", "z", "MIN", "COUNT", "2"))
        .as("ZMPOP nests member/score pairs in RESP2 too")
        .isEqualTo(array(bulk("z"), array(array(bulk("a"), dbl("1")), array(bulk("b"), dbl("2")))));
    assertThat(call("ZMPOP", "1", "z", "MAX")).isEqualTo(array(bulk("z"), array(array(bulk("c"), dbl("3")))));
    assertThat(call("ZMPOP", "1", "z", "MAX")).isEqualTo(nullArray());
    assertRawError("ERR numkeys should be greater than 0", "ZMPOP", "0", "z", "MIN");
    assertRawError(SYNTAX, "ZMPOP", "1", "z", "FOO");
    assertRawError("ERR count should be greater than 0", "ZMPOP", "1", "z", "MIN", "COUNT", "0");
  }

  @Test
  void unionInterDiff() throws Exception {
    redis.zadd("u1", ScoredValue.just(1, "a"), ScoredValue.just(2, "b"), ScoredValue.just(3, "c"));
    redis.zadd("u2", ScoredValue.just(10, "b"), ScoredValue.just(20, "c"), ScoredValue.just(30, "d"));
    redis.sadd("plain", "a", "d");
    assertThat(call("ZUNION", "2", "u1", "u2", "WITHSCORES"))
        .isEqualTo(pairs(bulk("a"), dbl("1"), bulk("b"), dbl("12"), bulk("c"), dbl("23"), bulk("d"), dbl("30")));
    assertThat(redis.zunionWithScores(ZAggregateArgs.Builder.weights(2, 3), "u1", "u2"))
        .containsExactly(ScoredValue.just(2, "a"), ScoredValue.just(34, "b"), ScoredValue.just(66, "c"), ScoredValue.just(90, "d"));
    assertThat(redis.zunionWithScores(ZAggregateArgs.Builder.max(), "u1", "u2").get(1)).isEqualTo(ScoredValue.just(10, "b"));
    assertThat(call("ZUNION", "2", "u1", "plain", "WITHSCORES")).as("a plain set counts with score 1")
        .isEqualTo(pairs(bulk("d"), dbl("1"), bulk("a"), dbl("2"), bulk("b"), dbl("2"), bulk("c"), dbl("3")));
    assertThat(redis.zinter("u1", "u2")).containsExactly("b", "c");
    assertThat(redis.zinterWithScores(ZAggregateArgs.Builder.min(), "u1", "u2")).containsExactly(ScoredValue.just(2, "b"), ScoredValue.just(3, "c"));
    assertThat(redis.zdiff("u1", "u2")).containsExactly("a");
    assertThat(redis.zdiff("u1", "u1")).isEmpty();
    assertThat(redis.zunionstore("dst", "u1", "u2")).isEqualTo(4);
    assertThat(redis.zinterstore("dst", ZStoreArgs.Builder.weights(1, 1), "u1", "u2")).isEqualTo(2);
    assertThat(redis.zrangeWithScores("dst", 0, -1)).containsExactly(ScoredValue.just(12, "b"), ScoredValue.just(23, "c"));
    assertThat(redis.zdiffstore("dst", "u1", "u2")).isEqualTo(1);
    assertThat(redis.zinterstore("dst", "u1", "nokey")).isZero();
    assertThat(redis.exists("dst")).isZero();
    assertThat(redis.zintercard("u1", "u2")).isEqualTo(2);
    assertThat(redis.zintercard(1, "u1", "u2")).isEqualTo(1);
    assertThat(redis.zintercard("u1", "nokey")).isZero();
    assertRawError("ERR at least 1 input key is needed for 'zunion' command", "ZUNION", "0", "u1");
    assertRawError("ERR at least 1 input key is needed for 'zunionstore' command", "ZUNIONSTORE", "d", "0", "u1");
    assertRawError("ERR at least 1 input key is needed for 'zintercard' command", "ZINTERCARD", "0", "u1");
    assertRawError(NOT_INTEGER, "ZUNION", "x", "u1");
    assertRawError(SYNTAX, "ZUNION", "5", "u1");
    assertRawError("ERR weight value is not a float", "ZINTER", "1", "u1", "WEIGHTS", "x");
    assertRawError(SYNTAX, "ZINTER", "1", "u1", "AGGREGATE", "foo");
    assertRawError(SYNTAX, "ZDIFF", "1", "u1", "WEIGHTS", "1");
    assertRawError(SYNTAX, "ZUNIONSTORE", "d", "1", "u1", "WITHSCORES");
    assertRawError("ERR LIMIT can't be negative", "ZINTERCARD", "1", "u1", "LIMIT", "-1");
    redis.set("str", "x");
    assertRawError(WRONGTYPE, "ZUNION", "2", "u1", "str");
  }

  @Test
  void randomMembersScanAndTypes() throws Exception {
    assertThat(redis.zrandmember("nokey")).isNull();
    assertThat(redis.zrandmember("nokey", 3)).isEmpty();
    abc();
    assertThat(redis.zrandmember("z")).isIn("a", "b", "c");
    assertThat(redis.zrandmember("z", 5)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(redis.zrandmember("z", -6)).hasSize(6);
    List<ScoredValue<String>> scored = redis.zrandmemberWithScores("z", 2);
    assertThat(scored).hasSize(2).allSatisfy(sv -> assertThat(sv.getScore()).isEqualTo(sv.getValue().charAt(0) - 'a' + 1.0));
    assertRawError(SYNTAX, "ZRANDMEMBER", "z", "1", "FOO");
    assertRawError("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
        "ZRANDMEMBER", "z", "-9223372036854775808");
    redis.zadd("fl", ScoredValue.just(0.1, "x"), ScoredValue.just(1e20, "y"));
    assertThat(call("ZSCAN", "fl", "0")).as("ZSCAN scores are strings in both protocols")
        .isEqualTo(array(bulk("0"), bulks("x", "0.1", "y", "1e+20")));
    assertThat(redis.type("z")).isEqualTo("zset");
    assertThat(redis.objectEncoding("z")).isEqualTo("listpack");
    redis.set("str", "x");
    for (String[] cmd : List.of(new String[] {"ZADD", "str", "1", "a"}, new String[] {"ZRANGE", "str", "0", "1"},
        new String[] {"ZSCORE", "str", "a"}, new String[] {"ZPOPMIN", "str"}, new String[] {"ZSCAN", "str", "0"})) {
      assertRawError(WRONGTYPE, cmd);
    }
  }
}
