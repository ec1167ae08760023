package io.pacraft.server.command.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyValue;
import io.lettuce.core.MapScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
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
class HashCommandsTest extends ServerTest {

  @Test
  void setGetAndDeleteFields() {
    assertThat(redis.hset("h", Map.of("a", "1", "b", "2"))).isEqualTo(2);
    assertThat(redis.hset("h", Map.of("a", "10", "c", "3"))).isEqualTo(1);
    assertThat(redis.hget("h", "a")).isEqualTo("10");
    assertThat(redis.hget("h", "zz")).isNull();
    assertThat(redis.hget("nokey", "a")).isNull();
    assertThat(redis.hmget("h", "a", "zz", "c"))
        .containsExactly(KeyValue.just("a", "10"), KeyValue.empty("zz"), KeyValue.just("c", "3"));
    assertThat(redis.hgetall("h")).isEqualTo(Map.of("a", "10", "b", "2", "c", "3"));
    assertThat(redis.hkeys("h")).containsExactly("a", "b", "c");
    assertThat(redis.hvals("h")).containsExactly("10", "2", "3");
    assertThat(redis.hlen("h")).isEqualTo(3);
    assertThat(redis.hexists("h", "b")).isTrue();
    assertThat(redis.hexists("h", "zz")).isFalse();
    assertThat(redis.hstrlen("h", "a")).isEqualTo(2);
    assertThat(redis.hstrlen("h", "zz")).isZero();
    assertThat(redis.hdel("h", "a", "zz")).isEqualTo(1);
    assertThat(redis.hdel("nokey", "a")).isZero();
    assertThat(redis.hdel("h", "b", "c")).isEqualTo(2);
    assertThat(redis.exists("h")).as("the last field deleted deletes the key").isZero();
    assertThat(redis.hgetall("nokey")).isEmpty();
  }

  @Test
  void hsetnxAndHmset() {
    assertThat(redis.hsetnx("h", "a", "1")).isTrue();
    assertThat(redis.hsetnx("h", "a", "2")).isFalse();
    assertThat(redis.hget("h", "a")).isEqualTo("1");
    assertThat(redis.hmset("h", Map.of("b", "2"))).isEqualTo("OK");
    assertThat(redis.hlen("h")).isEqualTo(2);
  }

  @Test
  void hgetallIsAMapInResp3AndFlatInResp2() throws Exception {
    redis.hset("h", "f", "v");
    RespValue reply = call("HGETALL", "h");
    if (protocol == 3) {
      assertThat(reply).isEqualTo(new RespValue.Map(List.of(bulk("f"), bulk("v"))));
    } else {
      assertThat(reply).isEqualTo(bulks("f", "v"));
    }
  }

  @Test
  void incrementsWithRedisErrors() throws Exception {
    assertThat(redis.hincrby("h", "n", 5)).isEqualTo(5);
    assertThat(redis.hincrby("h", "n", -10)).isEqualTo(-5);
    redis.hset("h", "s", "abc");
    assertRawError("ERR hash value is not an integer", "HINCRBY", "h", "s", "1");
    assertRawError(NOT_INTEGER, "HINCRBY", "h", "n", "x");
    redis.hset("h", "big", "9223372036854775807");
    assertRawError("ERR increment or decrement would overflow", "HINCRBY", "h", "big", "1");
    assertThat(redis.hincrbyfloat("h", "f", 1.5)).isEqualTo(1.5);
    assertThat(call("HINCRBYFLOAT", "h", "f", "0.1")).isEqualTo(bulk("1.6"));
    assertRawError("ERR hash value is not a float", "HINCRBYFLOAT", "h", "s", "1");
    assertRawError(NOT_FLOAT, "HINCRBYFLOAT", "h", "f", "abc");
    assertRawError("ERR value is NaN or Infinity", "HINCRBYFLOAT", "h", "f", "inf");
    assertThat(redis.hget("h", "f")).isEqualTo("1.6");
  }

  @Test
  void errorsAndWrongType() throws Exception {
    assertRawError("ERR wrong number of arguments for 'hset' command", "HSET", "h", "a");
    assertRawError("ERR wrong number of arguments for 'hset' command", "HSET", "h", "a", "1", "b");
    assertRawError("ERR wrong number of arguments for 'hmset' command", "HMSET", "h", "a");
    redis.set("str", "x");
    redis.lpush("list", "x");
    for (String[] cmd : new String[][] {
      {"HSET", "str", "a", "1"}, {"HGET", "str", "a"}, {"HGETALL", "list"}, {"HDEL", "str", "a"}, {"HLEN", "list"},
      {"HINCRBY", "str", "a", "1"}, {"HRANDFIELD", "str"}, {"HSCAN", "str", "0"}, {"HEXISTS", "list", "a"}
    }) {
      assertRawError(WRONGTYPE, cmd);
    }
    redis.hset("h", "a", "1");
    assertError(() -> redis.get("h"), WRONGTYPE);
    assertThat(redis.type("h")).isEqualTo("hash");
    assertThat(redis.objectEncoding("h")).isEqualTo("listpack");
  }

  @Test
  void randomFields() throws Exception {
    assertThat(redis.hrandfield("nokey")).isNull();
    assertThat(redis.hrandfield("nokey", 5)).isEmpty();
    for (int i = 0; i < 10; i++) {
      redis.hset("h", "f" + i, "v" + i);
    }
    assertThat(redis.hrandfield("h")).startsWith("f");
    assertThat(redis.hrandfield("h", 0)).isEmpty();
    List<String> distinct = redis.hrandfield("h", 5);
    assertThat(distinct).hasSize(5).doesNotHaveDuplicates();
    assertThat(redis.hrandfield("h", 50)).as("count above size: the whole hash").hasSize(10).doesNotHaveDuplicates();
    assertThat(redis.hrandfield("h", -30)).as("negative: repetitions allowed").hasSize(30);
    List<KeyValue<String, String>> withValues = redis.hrandfieldWithvalues("h", 3);
    assertThat(withValues).hasSize(3).allSatisfy(kv -> assertThat(kv.getValue()).isEqualTo("v" + kv.getKey().substring(1)));
    RespValue one = call("HRANDFIELD", "h", "1", "WITHVALUES");
    RespValue.Array arr = (RespValue.Array) one;
    if (protocol == 3) {
      assertThat(arr.items()).singleElement().isInstanceOf(RespValue.Array.class);
    } else {
      assertThat(arr.items()).hasSize(2);
    }
    assertRawError(
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
        "HRANDFIELD", "h", "-9223372036854775808");
    assertRawError(SYNTAX, "HRANDFIELD", "h", "1", "foo");
    assertRawError(NOT_INTEGER, "HRANDFIELD", "h", "x");
  }

  @Test
  void scanVisitsEveryFieldOnce() throws Exception {
    Map<String, String> all = new HashMap<>();
    for (int i = 0; i < 250; i++) {
      all.put("field:" + i, "value:" + i);
    }
    redis.hset("h", all);
    Map<String, String> seen = new HashMap<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    for (int calls = 0; calls < 1000; calls++) {
      MapScanCursor<String, String> page = redis.hscan("h", cursor, ScanArgs.Builder.limit(17));
      seen.putAll(page.getMap());
      cursor = page;
      if (page.isFinished()) {
        break;
      }
    }
    assertThat(cursor.isFinished()).isTrue();
    assertThat(seen).isEqualTo(all);
    MapScanCursor<String, String> matched = redis.hscan("h", ScanCursor.INITIAL, ScanArgs.Builder.matches("field:1?").limit(1000));
    assertThat(matched.getMap().keySet()).hasSize(10).allMatch(k -> k.matches("field:1\\d"));
    assertThat(call("HSCAN", "nokey", "0")).isEqualTo(array(bulk("0"), array()));
    assertRawError("ERR invalid cursor", "HSCAN", "h", "x");
    assertRawError(SYNTAX, "HSCAN", "h", "0", "COUNT", "0");
    assertRawError(SYNTAX, "HSCAN", "h", "0", "TYPE", "hash");
  }

  @Test
  void binaryFieldsAndValues() {
    var bin = server.connectBinary(protocol);
    try {
      byte[] field = {0, (byte) 0xFF, 10, 13};
      byte[] value = {(byte) 0xC3, 0x28, 0};
      bin.sync().hset("bh".getBytes(), field, value);
      assertThat(bin.sync().hget("bh".getBytes(), field)).isEqualTo(value);
      Set<String> fields = new HashSet<>();
      for (byte[] f : bin.sync().hkeys("bh".getBytes())) {
        fields.add(java.util.Arrays.toString(f));
      }
      assertThat(fields).containsExactly(java.util.Arrays.toString(field));
    } finally {
      bin.close();
    }
  }
}
