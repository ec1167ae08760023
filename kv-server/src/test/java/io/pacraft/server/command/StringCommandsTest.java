package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.CompareCondition;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LcsArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.StringMatchResult;
import io.pacraft.server.LettuceTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The string commands over Lettuce's sync API, RESP2 and RESP3: replies and error texts as Redis 7
 * (8.4 for IFEQ/IFNE/IFDEQ/IFDNE, DELEX, DIGEST) gives them. Expected values were checked against a
 * real redis-server 7.0.15.
 */
@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class StringCommandsTest extends LettuceTest {
  static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  static final String SYNTAX = "ERR syntax error";
  static final String NOT_FLOAT = "ERR value is not a valid float";

  @Test
  void getAndSet() {
    assertThat(r.get("k")).isNull();
    assertThat(r.set("k", "v")).isEqualTo("OK");
    assertThat(r.get("k")).isEqualTo("v");
    assertThat(r.set("k", "")).isEqualTo("OK");
    assertThat(r.get("k")).isEmpty();
    assertError("ERR wrong number of arguments for 'get' command", "GET");
    assertError("ERR wrong number of arguments for 'get' command", "GET", "a", "b");
    assertError("ERR wrong number of arguments for 'set' command", "SET", "k");
  }

  @Test
  void setNxXxAndGet() {
    assertThat(r.set("k", "v1", SetArgs.Builder.xx())).isNull();
    assertThat(r.exists("k")).isZero();
    assertThat(r.set("k", "v1", SetArgs.Builder.nx())).isEqualTo("OK");
    assertThat(r.set("k", "v2", SetArgs.Builder.nx())).isNull();
    assertThat(r.set("k", "v2", SetArgs.Builder.xx())).isEqualTo("OK");
    assertThat(r.get("k")).isEqualTo("v2");
    assertThat(r.setGet("k", "v3")).isEqualTo("v2");
    assertThat(r.setGet("missing", "v")).isNull();
    assertThat(r.get("missing")).isEqualTo("v");
    // GET with a condition that fails still answers the old value and writes nothing
    assertThat(call("SET", "k", "v4", "NX", "GET")).isEqualTo("v3");
    assertThat(r.get("k")).isEqualTo("v3");
  }

  @Test
  void setOptionsMayRepeatButNotConflict() {
    r.set("k", "v");
    // Redis accepts an option twice (the last value counts) and refuses conflicting ones
    assertThat(call("SET", "k", "v", "XX", "XX")).isEqualTo("OK");
    assertThat(call("SET", "k", "v", "GET", "GET")).isEqualTo("v");
    assertThat(call("SET", "k", "v", "KEEPTTL", "KEEPTTL")).isEqualTo("OK");
    assertThat(call("SET", "k", "v", "EX", "10", "EX", "20")).isEqualTo("OK");
    assertThat(r.ttl("k")).isEqualTo(20);
    assertThat(call("SET", "k", "v", "EX", "abc", "EX", "30")).isEqualTo("OK");
    assertThat(r.ttl("k")).isEqualTo(30);
    assertThat(call("SET", "k", "v", "PX", "0", "PX", "100000")).isEqualTo("OK");
    assertThat(r.pttl("k")).isBetween(99_000L, 100_000L);
    assertError(SYNTAX, "SET", "k", "v", "NX", "XX");
    assertError(SYNTAX, "SET", "k", "v", "EX", "10", "PX", "10");
    assertError(SYNTAX, "SET", "k", "v", "EX", "10", "KEEPTTL");
    assertError(SYNTAX, "SET", "k", "v", "KEEPTTL", "PXAT", "10");
    assertError(SYNTAX, "SET", "k", "v", "EX");
    assertError(SYNTAX, "SET", "k", "v", "BOGUS");
    assertError(SYNTAX, "SET", "k", "v", "PERSIST");
    // the syntax is checked before the number
    assertError(SYNTAX, "SET", "k", "v", "EX", "abc", "BOGUS");
    assertError(NOT_INTEGER, "SET", "k", "v", "EX", "10", "EX", "abc");
    assertError(NOT_INTEGER, "SET", "k", "v", "EX", "1.5");
  }

  @Test
  void setExpiryOptions() {
    r.set("k", "v", SetArgs.Builder.ex(100));
    assertThat(r.ttl("k")).isEqualTo(100);
    r.set("k", "v", SetArgs.Builder.px(5000));
    assertThat(r.pttl("k")).isBetween(4000L, 5000L);
    long at = System.currentTimeMillis() / 1000 + 500;
    r.set("k", "v", SetArgs.Builder.exAt(at));
    assertThat(r.expiretime("k")).isEqualTo(at);
    r.set("k", "v", SetArgs.Builder.pxAt(at * 1000 + 123));
    assertThat(r.pexpiretime("k")).isEqualTo(at * 1000 + 123);
    r.set("k", "v2", SetArgs.Builder.keepttl());
    assertThat(r.pexpiretime("k")).isEqualTo(at * 1000 + 123);
    r.set("k", "v3");
    assertThat(r.ttl("k")).isEqualTo(-1);
    // an absolute time already past deletes the key
    assertThat(r.set("k", "v", SetArgs.Builder.pxAt(1))).isEqualTo("OK");
    assertThat(r.exists("k")).isZero();
    for (String[] bad :
        List.of(
            new String[] {"EX", "0"},
            new String[] {"EX", "-1"},
            new String[] {"PX", "0"},
            new String[] {"EXAT", "0"},
            new String[] {"PXAT", "-5"},
            new String[] {"EX", "9223372036854775807"},
            new String[] {"EX", "9223372036854775"},
            new String[] {"PX", "9223372036854775807"},
            new String[] {"EXAT", "9223372036854775807"})) {
      assertError("ERR invalid expire time in 'set' command", "SET", "k", "v", bad[0], bad[1]);
    }
    assertThat(r.exists("k")).isZero();
  }

  @Test
  void setCompareAndSet() {
    // IFEQ / IFDEQ never create a key; IFNE / IFDNE do
    assertThat(r.set("k", "a", new SetArgs().compareCondition(CompareCondition.valueEq("x")))).isNull();
    assertThat(r.exists("k")).isZero();
    assertThat(r.set("k", "a", new SetArgs().compareCondition(CompareCondition.digestEq("0000000000000000")))).isNull();
    assertThat(r.exists("k")).isZero();
    assertThat(r.set("k", "a", new SetArgs().compareCondition(CompareCondition.valueNe("x")))).isEqualTo("OK");
    assertThat(r.get("k")).isEqualTo("a");
    r.del("k");
    assertThat(r.set("k", "a", new SetArgs().compareCondition(CompareCondition.digestNe("0000000000000000")))).isEqualTo("OK");

    assertThat(r.set("k", "b", new SetArgs().compareCondition(CompareCondition.valueEq("x")))).isNull();
    assertThat(r.set("k", "b", new SetArgs().compareCondition(CompareCondition.valueEq("a")))).isEqualTo("OK");
    assertThat(r.set("k", "c", new SetArgs().compareCondition(CompareCondition.valueNe("b")))).isNull();
    assertThat(r.set("k", "c", new SetArgs().compareCondition(CompareCondition.valueNe("x")).ex(100))).isEqualTo("OK");
    assertThat(r.ttl("k")).isEqualTo(100);
    String digest = r.digestKey("k");
    assertThat(r.set("k", "d", new SetArgs().compareCondition(CompareCondition.digestNe(digest)))).isNull();
    assertThat(r.set("k", "d", new SetArgs().compareCondition(CompareCondition.digestEq(digest.toUpperCase())))).isEqualTo("OK");
    assertThat(r.get("k")).isEqualTo("d");
    assertThat(call("SET", "k", "e", "IFEQ", "d", "GET")).isEqualTo("d");
    assertThat(call("SET", "k", "f", "IFEQ", "nope", "GET")).isEqualTo("e");
    assertThat(r.get("k")).isEqualTo("e");

    assertError(SYNTAX, "SET", "k", "v", "IFEQ", "a", "NX");
    assertError(SYNTAX, "SET", "k", "v", "XX", "IFNE", "a");
    assertError(SYNTAX, "SET", "k", "v", "IFEQ", "a", "IFDEQ", "0000000000000000");
    assertError(SYNTAX, "SET", "k", "v", "IFEQ");
    assertError("ERR must be exactly 16 hexadecimal characters", "SET", "k", "v", "IFDEQ", "abc");
    assertError("ERR must be exactly 16 hexadecimal characters", "SET", "k", "v", "IFDNE", "000000000000000g");
  }

  @Test
  void setnxSetexPsetex() {
    assertThat(r.setnx("k", "a")).isTrue();
    assertThat(r.setnx("k", "b")).isFalse();
    assertThat(r.get("k")).isEqualTo("a");
    assertThat(r.setex("e", 100, "v")).isEqualTo("OK");
    assertThat(r.ttl("e")).isEqualTo(100);
    assertThat(r.psetex("p", 10_000, "v")).isEqualTo("OK");
    assertThat(r.pttl("p")).isBetween(9000L, 10_000L);
    assertError("ERR invalid expire time in 'setex' command", "SETEX", "e", "0", "v");
    assertError("ERR invalid expire time in 'setex' command", "SETEX", "e", "-10", "v");
    assertError("ERR invalid expire time in 'psetex' command", "PSETEX", "p", "0", "v");
    assertError(NOT_INTEGER, "SETEX", "e", "abc", "v");
    assertError("ERR wrong number of arguments for 'setex' command", "SETEX", "e", "10");
    assertError("ERR wrong number of arguments for 'setnx' command", "SETNX", "k");
    assertThat(r.get("e")).isEqualTo("v");
  }

  @Test
  void getsetGetdelGetex() {
    assertThat(r.getset("k", "a")).isNull();
    assertThat(r.getset("k", "b")).isEqualTo("a");
    r.expire("k", 100);
    assertThat(r.getset("k", "c")).isEqualTo("b");
    assertThat(r.ttl("k")).isEqualTo(-1); // GETSET drops the expiry
    assertThat(r.getdel("k")).isEqualTo("c");
    assertThat(r.getdel("k")).isNull();
    assertThat(r.exists("k")).isZero();

    r.set("k", "v");
    assertThat(r.getex("missing", GetExArgs.Builder.ex(10))).isNull();
    assertThat(r.exists("missing")).isZero();
    assertThat(r.getex("k", GetExArgs.Builder.ex(100))).isEqualTo("v");
    assertThat(r.ttl("k")).isEqualTo(100);
    assertThat(r.getex("k", GetExArgs.Builder.px(50_000))).isEqualTo("v");
    assertThat(r.pttl("k")).isBetween(49_000L, 50_000L);
    assertThat(r.getex("k", GetExArgs.Builder.persist())).isEqualTo("v");
    assertThat(r.ttl("k")).isEqualTo(-1);
    assertThat(call("GETEX", "k")).isEqualTo("v");
    assertThat(call("GETEX", "k", "EX", "10", "EX", "20")).isEqualTo("v");
    assertThat(r.ttl("k")).isEqualTo(20);
    assertThat(call("GETEX", "k", "PERSIST", "PERSIST")).isEqualTo("v");
    assertError(SYNTAX, "GETEX", "k", "EX", "10", "PX", "10");
    assertError(SYNTAX, "GETEX", "k", "PERSIST", "EX", "10");
    assertError(SYNTAX, "GETEX", "k", "EX", "10", "PERSIST");
    assertError(SYNTAX, "GETEX", "k", "EX");
    assertError(SYNTAX, "GETEX", "k", "KEEPTTL");
    assertError(SYNTAX, "GETEX", "k", "NX");
    assertError(NOT_INTEGER, "GETEX", "k", "EX", "abc");
    assertError("ERR invalid expire time in 'getex' command", "GETEX", "k", "EX", "0");
    assertError("ERR invalid expire time in 'getex' command", "GETEX", "k", "EXAT", "9223372036854775807");
    // an absolute time already past deletes the key, after answering its value
    assertThat(r.getex("k", GetExArgs.Builder.exAt(1))).isEqualTo("v");
    assertThat(r.exists("k")).isZero();
  }

  @Test
  void mgetMsetMsetnx() {
    assertThat(r.mset(map("a", "1", "b", "2"))).isEqualTo("OK");
    assertThat(r.mget("a", "missing", "b"))
        .containsExactly(KeyValue.just("a", "1"), KeyValue.empty("missing"), KeyValue.just("b", "2"));
    assertThat(r.msetnx(map("a", "x", "c", "3"))).isFalse();
    assertThat(r.exists("c")).isZero();
    assertThat(r.msetnx(map("c", "3", "d", "4"))).isTrue();
    assertThat(r.get("d")).isEqualTo("4");
    // the last of a repeated key wins
    assertThat(call("MSET", "x", "1", "x", "2")).isEqualTo("OK");
    assertThat(r.get("x")).isEqualTo("2");
    assertError("ERR wrong number of arguments for 'mset' command", "MSET", "a", "1", "b");
    assertError("ERR wrong number of arguments for 'mset' command", "MSET", "a");
    assertError("ERR wrong number of arguments for 'msetnx' command", "MSETNX", "a", "1", "b");
    assertError("ERR wrong number of arguments for 'mget' command", "MGET");
    r.expire("a", 100);
    r.mset(map("a", "9"));
    assertThat(r.ttl("a")).isEqualTo(-1);
  }

  @Test
  void appendAndStrlen() {
    assertThat(r.append("k", "hello")).isEqualTo(5);
    assertThat(r.append("k", " world")).isEqualTo(11);
    assertThat(r.get("k")).isEqualTo("hello world");
    assertThat(r.strlen("k")).isEqualTo(11);
    assertThat(r.strlen("missing")).isZero();
    assertThat(r.append("k", "")).isEqualTo(11);
    r.expire("k", 100);
    r.append("k", "!");
    assertThat(r.ttl("k")).isEqualTo(100); // APPEND keeps the expiry
    assertError("ERR wrong number of arguments for 'append' command", "APPEND", "k");
    assertError("ERR wrong number of arguments for 'strlen' command", "STRLEN", "a", "b");
  }

  @Test
  void incrDecr() {
    assertThat(r.incr("n")).isEqualTo(1);
    assertThat(r.incrby("n", 10)).isEqualTo(11);
    assertThat(r.incrby("n", -5)).isEqualTo(6);
    assertThat(r.decr("n")).isEqualTo(5);
    assertThat(r.decrby("n", 3)).isEqualTo(2);
    assertThat(r.decrby("n", -3)).isEqualTo(5);
    assertThat(r.get("n")).isEqualTo("5");
    r.expire("n", 100);
    r.incr("n");
    assertThat(r.ttl("n")).isEqualTo(100); // INCR keeps the expiry

    r.set("max", "9223372036854775807");
    assertError(() -> r.incr("max"), "ERR increment or decrement would overflow");
    r.set("min", "-9223372036854775808");
    assertError(() -> r.decr("min"), "ERR increment or decrement would overflow");
    assertError(() -> r.decrby("min", 1), "ERR increment or decrement would overflow");
    assertThat(r.incrby("min", 9223372036854775807L)).isEqualTo(-1);
    assertError("ERR decrement would overflow", "DECRBY", "n", "-9223372036854775808");
    assertError(NOT_INTEGER, "DECRBY", "n", "9223372036854775808");
    assertError(NOT_INTEGER, "INCRBY", "n", "abc");
    assertError(NOT_INTEGER, "INCRBY", "n", "1.5");
    assertError(NOT_INTEGER, "INCRBY", "n", "");
    // stored values must be canonical integers, as string2ll reads them
    for (String v : List.of(" 1", "1 ", "+1", "01", "-0", "1e3", "", "abc", "99999999999999999999")) {
      r.set("s", v);
      assertError(() -> r.incr("s"), NOT_INTEGER);
      assertThat(r.get("s")).isEqualTo(v);
    }
    assertError("ERR wrong number of arguments for 'incr' command", "INCR", "n", "extra");
    assertError("ERR wrong number of arguments for 'incrby' command", "INCRBY", "n");
  }

  @Test
  void incrbyfloatAsRedisLongDouble() {
    assertThat(r.incrbyfloat("f", 1.5)).isEqualTo(1.5);
    assertThat(call("INCRBYFLOAT", "f", "0.1")).isEqualTo("1.6");
    assertThat(call("INCRBYFLOAT", "f", "-1.6")).isEqualTo("0");
    assertThat(call("INCRBYFLOAT", "f", "5.0e3")).isEqualTo("5000");
    // the digits of 80-bit long double arithmetic, as redis-server prints them on x86-64
    String[][] cases = {
      {"1234.56", "0.01", "1234.57000000000000006"},
      {"123456789.123", "0.001", "123456789.12399999999615829"},
      {"5", "1.5e19", "15000000000000000005"},
      {"15000000000000000005", "0.3", "15000000000000000005"},
      {"3", "1e-17", "3.00000000000000001"},
      {"10.50", "0.1", "10.6"},
      {"3.0e3", "200", "3200"},
      {"5", "0x1.8p1", "8"},
      {"8", ".5", "8.5"},
      {"8.5", "+1", "9.5"},
    };
    for (String[] c : cases) {
      r.set("f", c[0]);
      assertThat(call("INCRBYFLOAT", "f", c[1])).as(c[0] + " + " + c[1]).isEqualTo(c[2]);
      assertThat(r.get("f")).isEqualTo(c[2]);
    }
    // out of a double's range but inside a long double's: Redis prints all the digits
    r.set("f", "0");
    Object huge = call("INCRBYFLOAT", "f", "1e400");
    assertThat((String) huge).hasSize(401).startsWith("100000000000000000002818806839475865145864534336290520386259106935396855");

    r.set("f", "1");
    for (String bad : List.of("abc", "nan", "1e", "0x", " 1", "1 ", "1e5000", "1e-5000", "")) {
      assertError(NOT_FLOAT, "INCRBYFLOAT", "f", bad);
    }
    assertError("ERR increment would produce NaN or Infinity", "INCRBYFLOAT", "f", "inf");
    assertError("ERR increment would produce NaN or Infinity", "INCRBYFLOAT", "f", "-INFINITY");
    r.set("f", "1.18973149535723176502e4932");
    assertError("ERR increment would produce NaN or Infinity", "INCRBYFLOAT", "f", "1e4932");
    r.set("f", "hello");
    assertError(NOT_FLOAT, "INCRBYFLOAT", "f", "1");
    r.set("f", " 1");
    assertError(NOT_FLOAT, "INCRBYFLOAT", "f", "1");
    assertThat(r.get("f")).isEqualTo(" 1");
  }

  @Test
  void getrangeAndSubstr() {
    r.set("k", "This is a string");
    assertThat(r.getrange("k", 0, 3)).isEqualTo("This");
    assertThat(r.getrange("k", -3, -1)).isEqualTo("ing");
    assertThat(r.getrange("k", 0, -1)).isEqualTo("This is a string");
    assertThat(r.getrange("k", 10, 100)).isEqualTo("string");
    assertThat(r.getrange("k", 5, 3)).isEmpty();
    assertThat(r.getrange("k", -1, -5)).isEmpty();
    assertThat(r.getrange("k", -100, 2)).isEqualTo("Thi");
    assertThat(r.getrange("k", 0, -100)).isEqualTo("T");
    assertThat(r.getrange("k", 100, 200)).isEmpty();
    assertThat(r.getrange("k", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo("This is a string");
    assertThat(r.getrange("missing", 0, -1)).isEmpty();
    assertThat(call("SUBSTR", "k", "0", "3")).isEqualTo("This");
    assertThat(call("SUBSTR", "k", "-3", "-1")).isEqualTo("ing");
    r.set("empty", "");
    assertThat(r.getrange("empty", 0, 0)).isEmpty();
    assertError(NOT_INTEGER, "GETRANGE", "k", "a", "1");
    assertError("ERR wrong number of arguments for 'getrange' command", "GETRANGE", "k", "1");
    assertError("ERR wrong number of arguments for 'substr' command", "SUBSTR", "k", "1");
  }

  @Test
  void setrange() {
    assertThat(r.setrange("k", 5, "hello")).isEqualTo(10);
    assertThat(r.get("k")).isEqualTo("\0\0\0\0\0hello");
    assertThat(r.setrange("k", 0, "HE")).isEqualTo(10);
    assertThat(r.get("k")).isEqualTo("HE\0\0\0hello");
    assertThat(r.setrange("k", 2, "")).isEqualTo(10);
    assertThat(r.setrange("k", 12, "!")).isEqualTo(13);
    assertThat(r.setrange("missing", 0, "")).isZero();
    assertThat(r.setrange("missing", 10, "")).isZero();
    assertThat(r.exists("missing")).isZero();
    assertError("ERR offset is out of range", "SETRANGE", "k", "-1", "x");
    assertError("ERR string exceeds maximum allowed size (proto-max-bulk-len)", "SETRANGE", "k", "536870912", "x");
    assertError(NOT_INTEGER, "SETRANGE", "k", "abc", "x");
    assertThat(r.strlen("k")).isEqualTo(13);
  }

  @Test
  void lcs() {
    r.mset(map("a", "ohmytext", "b", "mynewtext"));
    assertThat(r.lcs(LcsArgs.Builder.keys("a", "b")).getMatchString()).isEqualTo("mytext");
    assertThat(r.lcs(LcsArgs.Builder.keys("a", "b").justLen()).getLen()).isEqualTo(6);
    StringMatchResult idx = r.lcs(LcsArgs.Builder.keys("a", "b").withIdx());
    assertThat(idx.getLen()).isEqualTo(6);
    assertThat(idx.getMatches()).hasSize(2);
    assertThat(idx.getMatches().get(0).getA().getStart()).isEqualTo(4);
    assertThat(idx.getMatches().get(0).getA().getEnd()).isEqualTo(7);
    assertThat(idx.getMatches().get(0).getB().getStart()).isEqualTo(5);
    assertThat(idx.getMatches().get(0).getB().getEnd()).isEqualTo(8);
    assertThat(idx.getMatches().get(1).getA().getStart()).isEqualTo(2);
    assertThat(idx.getMatches().get(1).getA().getEnd()).isEqualTo(3);
    assertThat(idx.getMatches().get(1).getB().getStart()).isEqualTo(0);
    assertThat(idx.getMatches().get(1).getB().getEnd()).isEqualTo(1);
    StringMatchResult min = r.lcs(LcsArgs.Builder.keys("a", "b").withIdx().minMatchLen(4).withMatchLen());
    assertThat(min.getMatches()).hasSize(1);
    assertThat(min.getMatches().get(0).getMatchLen()).isEqualTo(4);

    // the DNA sample of Redis' tests
    r.mset(map("s1", "ACCTGAGCTTATCGGCTAAGTCGTAGCT", "s2", "GTCTAACGATAATCGCTAGACTTCGTA"));
    assertThat(r.lcs(LcsArgs.Builder.keys("s1", "s2")).getMatchString()).isEqualTo("CTACTATCGCTAGTCGTA");
    assertThat(r.lcs(LcsArgs.Builder.keys("s1", "missing")).getMatchString()).isEmpty();

    assertError("ERR If you want both the length and indexes, please just use IDX.", "LCS", "a", "b", "LEN", "IDX");
    assertError(SYNTAX, "LCS", "a", "b", "BOGUS");
    assertError(SYNTAX, "LCS", "a", "b", "MINMATCHLEN");
    assertError(NOT_INTEGER, "LCS", "a", "b", "MINMATCHLEN", "abc");
    assertError("ERR wrong number of arguments for 'lcs' command", "LCS", "a");
  }

  @Test
  void digestAndDelex() {
    r.set("k", "Hello world");
    assertThat(r.digestKey("k")).isEqualTo("b6acb9d84a38ff74"); // the example of Redis' DIGEST page
    assertThat(r.digestKey("missing")).isNull();
    String digest = r.digestKey("k");

    assertThat(r.delex("missing", CompareCondition.valueEq("x"))).isZero();
    assertThat(r.delex("k", CompareCondition.valueEq("nope"))).isZero();
    assertThat(r.delex("k", CompareCondition.valueNe("Hello world"))).isZero();
    assertThat(r.delex("k", CompareCondition.digestNe(digest))).isZero();
    assertThat(r.delex("k", CompareCondition.digestEq("0000000000000000"))).isZero();
    assertThat(r.exists("k")).isOne();
    assertThat(r.delex("k", CompareCondition.digestEq(digest))).isOne();
    assertThat(r.exists("k")).isZero();
    r.set("k", "v");
    assertThat(r.delex("k", CompareCondition.valueEq("v"))).isOne();
    r.set("k", "v");
    assertThat(r.delex("k", CompareCondition.valueNe("x"))).isOne();
    r.set("k", "v");
    assertThat(r.delex("k", CompareCondition.digestNe("0000000000000000"))).isOne();
    r.set("k", "v");
    assertThat(call("DELEX", "k")).isEqualTo(1L);
    assertThat(call("DELEX", "k")).isEqualTo(0L);

    assertError(SYNTAX, "DELEX", "k", "IFEQ");
    assertError(SYNTAX, "DELEX", "k", "BOGUS", "v");
    assertError(SYNTAX, "DELEX", "k", "IFEQ", "a", "IFNE", "b");
    assertError("ERR must be exactly 16 hexadecimal characters", "DELEX", "k", "IFDEQ", "xyz");
    assertError("ERR wrong number of arguments for 'delex' command", "DELEX");
    assertError("ERR wrong number of arguments for 'digest' command", "DIGEST");
    assertError("ERR wrong number of arguments for 'digest' command", "DIGEST", "a", "b");
  }

  private static Map<String, String> map(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
