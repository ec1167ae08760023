package io.pacraft.server.command.set;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ValueScanCursor;
import io.pacraft.resp.RespValue;
import io.pacraft.server.ServerTest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class SetCommandsTest extends ServerTest {

  @Test
  void addRemoveMembership() throws Exception {
    assertThat(redis.sadd("s", "a", "b", "c")).isEqualTo(3);
    assertThat(redis.sadd("s", "a", "d")).isEqualTo(1);
    assertThat(redis.srem("s", "a", "zz")).isEqualTo(1);
    assertThat(redis.srem("nokey", "a")).isZero();
    assertThat(redis.smembers("s")).containsExactlyInAnyOrder("b", "c", "d");
    assertThat(call("SMEMBERS", "s")).isEqualTo(set("b", "c", "d"));
    assertThat(call("SMEMBERS", "nokey")).isEqualTo(set());
    assertThat(redis.scard("s")).isEqualTo(3);
    assertThat(redis.scard("nokey")).isZero();
    assertThat(redis.sismember("s", "b")).isTrue();
    assertThat(redis.sismember("s", "zz")).isFalse();
    assertThat(redis.smismember("s", "b", "zz", "d")).containsExactly(true, false, true);
    assertThat(redis.smismember("nokey", "a")).containsExactly(false);
    redis.srem("s", "b", "c", "d");
    assertThat(redis.exists("s")).isZero();
  }

  @Test
  void algebra() throws Exception {
    redis.sadd("a", "1", "2", "3", "4");
    redis.sadd("b", "3", "4", "5");
    redis.sadd("c", "4", "6");
    assertThat(redis.sinter("a", "b")).containsExactlyInAnyOrder("3", "4");
    assertThat(redis.sinter("a", "b", "c")).containsExactly("4");
    assertThat(redis.sinter("a", "nokey")).isEmpty();
    assertThat(redis.sunion("a", "b", "nokey")).containsExactlyInAnyOrder("1", "2", "3", "4", "5");
    assertThat(redis.sdiff("a", "b", "c")).containsExactlyInAnyOrder("1", "2");
    assertThat(redis.sdiff("a", "a")).isEmpty();
    assertThat(redis.sdiff("nokey", "a")).isEmpty();
    assertThat(redis.sintercard("a", "b")).isEqualTo(2);
    assertThat(redis.sintercard(1, "a", "b")).isEqualTo(1);
    assertThat(redis.sinterstore("dst", "a", "b")).isEqualTo(2);
    assertThat(redis.smembers("dst")).containsExactlyInAnyOrder("3", "4");
    assertThat(redis.sunionstore("dst", "dst", "c")).as("destination among the sources").isEqualTo(3);
    assertThat(redis.smembers("dst")).containsExactlyInAnyOrder("3", "4", "6");
    assertThat(redis.sdiffstore("dst", "a", "b")).isEqualTo(2);
    redis.expire("dst", 100);
    assertThat(redis.sinterstore("dst", "a", "nokey")).isZero();
    assertThat(redis.exists("dst")).as("an empty result deletes the destination").isZero();
    redis.set("str", "x");
    assertThat(redis.sunionstore("str", "a")).as("any type is overwritten").isEqualTo(4);
    assertThat(redis.type("str")).isEqualTo("set");
    assertRawError("ERR numkeys should be greater than 0", "SINTERCARD", "0", "a");
    assertRawError("ERR Number of keys can't be greater than number of args", "SINTERCARD", "5", "a");
    assertRawError("ERR LIMIT can't be negative", "SINTERCARD", "1", "a", "LIMIT", "-1");
    assertRawError(SYNTAX, "SINTERCARD", "1", "a", "FOO");
    redis.lpush("l", "x");
    assertRawError(WRONGTYPE, "SINTER", "a", "l");
    assertRawError(WRONGTYPE, "SINTER", "nokey", "l");
    assertRawError(WRONGTYPE, "SUNIONSTORE", "dst", "a", "l");
  }

  @Test
  void smove() throws Exception {
    redis.sadd("src", "a", "b");
    redis.sadd("dst", "b");
    assertThat(redis.smove("src", "dst", "a")).isTrue();
    assertThat(redis.smove("src", "dst", "zz")).isFalse();
    assertThat(redis.smove("nokey", "dst", "a")).isFalse();
    assertThat(redis.smove("src", "dst", "b")).isTrue();
    assertThat(redis.exists("src")).isZero();
    assertThat(redis.smembers("dst")).containsExactlyInAnyOrder("a", "b");
    assertThat(redis.smove("dst", "dst", "a")).isTrue();
    redis.set("str", "x");
    assertRawError(WRONGTYPE, "SMOVE", "dst", "str", "a");
    assertThat(call("SMOVE", "nokey", "str", "a")).as("a missing source answers 0 before type checks").isEqualTo(integer(0));
  }

  @Test
  void popAndRandomMembers() throws Exception {
    assertThat(redis.spop("nokey")).isNull();
    assertThat(call("SPOP", "nokey", "3")).isEqualTo(set());
    redis.sadd("s", "1", "2", "3", "4", "5");
    String one = redis.spop("s");
    assertThat(one).isIn("1", "2", "3", "4", "5");
    assertThat(redis.sismember("s", one)).isFalse();
    Set<String> two = redis.spop("s", 2);
    assertThat(two).hasSize(2).doesNotContain(one);
    assertThat(redis.scard("s")).isEqualTo(2);
    assertThat(call("SPOP", "s", "0")).isEqualTo(set());
    assertThat(redis.spop("s", 10)).hasSize(2);
    assertThat(redis.exists("s")).isZero();
    assertRawError("ERR value is out of range, must be positive", "SPOP", "s", "-1");
    assertRawError(SYNTAX, "SPOP", "s", "1", "2");
    redis.sadd("r", "a", "b", "c");
    assertThat(redis.srandmember("r")).isIn("a", "b", "c");
    assertThat(redis.srandmember("r", 2)).hasSize(2).doesNotHaveDuplicates();
    assertThat(redis.srandmember("r", 10)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(redis.srandmember("r", -7)).hasSize(7).isSubsetOf("a", "b", "c");
    assertThat(redis.srandmember("nokey", 3)).isEmpty();
    assertThat(redis.scard("r")).as("SRANDMEMBER leaves the set alone").isEqualTo(3);
  }

  @Test
  void randomMembersAreSpreadOverTheSet() {
    for (int i = 0; i < 20; i++) {
      redis.sadd("s", "m" + i);
    }
    Map<String, Integer> counts = new HashMap<>();
    for (String m : redis.srandmember("s", -4000)) {
      counts.merge(m, 1, Integer::sum);
    }
    assertThat(counts).hasSize(20);
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(100, 320)); // expected 200 each
  }

  @Test
  void spopIsTheSameOnEveryReplicaBecauseTheSeedIsInTheLog() throws Exception {
    // The state machine is deterministic: replaying the log after a restart gives the same set.
    for (int i = 0; i < 50; i++) {
      redis.sadd("s", "m" + i);
    }
    redis.spop("s", 20);
    Set<String> before = new HashSet<>(redis.smembers("s"));
    connection.close();
    server.restart();
    connection = server.connect(protocol);
    redis = connection.sync();
    raw.close();
    raw = rawConnection();
    assertThat(new HashSet<>(redis.smembers("s"))).isEqualTo(before).hasSize(30);
  }

  @Test
  void scanAndTypes() throws Exception {
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      all.add("m" + i);
    }
    redis.sadd("s", all.toArray(new String[0]));
    Set<String> seen = new HashSet<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    for (int calls = 0; calls < 500 && !cursor.isFinished(); calls++) {
      ValueScanCursor<String> page = redis.sscan("s", cursor, ScanArgs.Builder.limit(7));
      seen.addAll(page.getValues());
      cursor = page;
    }
    assertThat(seen).isEqualTo(all);
    assertThat(redis.type("s")).isEqualTo("set");
    assertThat(redis.objectEncoding("s")).isEqualTo("listpack");
    for (int i = 0; i < 200; i++) {
      redis.sadd("s", "x" + i);
    }
    assertThat(redis.objectEncoding("s")).isEqualTo("hashtable");
    redis.set("str", "v");
    for (String[] cmd : List.of(new String[] {"SADD", "str", "a"}, new String[] {"SMEMBERS", "str"},
        new String[] {"SPOP", "str"}, new String[] {"SSCAN", "str", "0"}, new String[] {"SCARD", "str"})) {
      assertRawError(WRONGTYPE, cmd);
    }
    assertThat(call("SSCAN", "nokey", "0")).isEqualTo(array(bulk("0"), array()));
    assertThat(((RespValue.Array) call("SSCAN", "s", "0", "MATCH", "m1?", "COUNT", "1000")).items().get(1))
        .isInstanceOfSatisfying(RespValue.Array.class, a -> assertThat(a.items()).hasSize(10));
  }
}
