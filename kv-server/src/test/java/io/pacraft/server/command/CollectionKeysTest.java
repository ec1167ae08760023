package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyScanArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScoredValue;
import io.pacraft.server.ServerTest;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generic key commands on collections: TYPE, OBJECT ENCODING, SCAN TYPE, RENAME, COPY, expiry, DEL. */
class CollectionKeysTest extends ServerTest {

  private void oneOfEach() {
    redis.set("str", "v");
    redis.hset("hash", "f", "v");
    redis.rpush("list", "a", "b");
    redis.sadd("set", "a", "b");
    redis.zadd("zset", ScoredValue.just(1, "a"), ScoredValue.just(2, "b"));
  }

  @Test
  void typesEncodingsAndScanByType() {
    oneOfEach();
    for (String t : new String[] {"hash", "list", "set", "zset"}) {
      assertThat(redis.type(t)).isEqualTo(t);
    }
    assertThat(redis.objectEncoding("hash")).isEqualTo("listpack");
    assertThat(redis.objectEncoding("list")).isEqualTo("listpack");
    assertThat(redis.objectEncoding("set")).isEqualTo("listpack");
    assertThat(redis.objectEncoding("zset")).isEqualTo("listpack");
    for (String t : new String[] {"string", "hash", "list", "set", "zset"}) {
      Set<String> found = new HashSet<>();
      KeyScanCursor<String> c = redis.scan(KeyScanArgs.Builder.type(t).limit(100));
      found.addAll(c.getKeys());
      assertThat(c.isFinished()).isTrue();
      assertThat(found).containsExactly(t.equals("string") ? "str" : t);
    }
    assertThat(redis.dbsize()).isEqualTo(5);
  }

  @Test
  void renameCopyAndDeleteCarryEveryMember() {
    oneOfEach();
    assertThat(redis.rename("hash", "hash2")).isEqualTo("OK");
    assertThat(redis.hgetall("hash2")).isEqualTo(Map.of("f", "v"));
    assertThat(redis.exists("hash")).isZero();
    assertThat(redis.copy("zset", "zcopy")).isTrue();
    redis.zadd("zset", 5, "c");
    assertThat(redis.zrangeWithScores("zcopy", 0, -1)).as("the copy is independent")
        .containsExactly(ScoredValue.just(1, "a"), ScoredValue.just(2, "b"));
    assertThat(redis.zrangebyscore("zcopy", io.lettuce.core.Range.create(2.0, 2.0))).containsExactly("b");
    assertThat(redis.rename("list", "set")).as("RENAME overwrites a collection of another type").isEqualTo("OK");
    assertThat(redis.type("set")).isEqualTo("list");
    assertThat(redis.lrange("set", 0, -1)).containsExactly("a", "b");
    redis.sadd("fresh", "x");
    assertThat(redis.smembers("fresh")).containsExactly("x");
    assertThat(redis.del("set", "zset", "zcopy", "hash2", "str", "fresh")).isEqualTo(6);
    assertThat(redis.dbsize()).isZero();
    redis.rpush("set", "new");
    assertThat(redis.lrange("set", 0, -1)).as("recreated: none of the old members").containsExactly("new");
  }

  @Test
  void collectionsExpire() throws Exception {
    redis.hset("h", "f", "v");
    redis.zadd("z", 1, "a");
    assertThat(redis.pexpire("h", 50)).isTrue();
    assertThat(redis.pexpire("z", 50)).isTrue();
    redis.hset("h", "g", "w");
    assertThat(redis.pttl("h")).as("writing members keeps the expiry").isPositive();
    Thread.sleep(150);
    assertThat(redis.hgetall("h")).isEmpty();
    assertThat(redis.zcard("z")).isZero();
    assertThat(redis.exists("h", "z")).isZero();
    assertThat(redis.hset("h", "f", "again")).isTrue();
    assertThat(redis.hgetall("h")).as("a new hash, not the expired one").isEqualTo(Map.of("f", "again"));
    assertThat(redis.ttl("h")).isEqualTo(-1);
  }
}
