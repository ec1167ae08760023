package io.pacraft.server.command.list;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.LMPopArgs;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.LPosArgs;
import io.pacraft.resp.RespValue;
import io.pacraft.server.ServerTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class ListCommandsTest extends ServerTest {

  @Test
  void pushPopBothEnds() throws Exception {
    assertThat(redis.rpush("l", "a", "b", "c")).isEqualTo(3);
    assertThat(redis.lpush("l", "z", "y")).isEqualTo(5);
    assertThat(redis.lrange("l", 0, -1)).containsExactly("y", "z", "a", "b", "c");
    assertThat(redis.lpushx("nokey", "a")).isZero();
    assertThat(redis.exists("nokey")).isZero();
    assertThat(redis.rpushx("l", "d")).isEqualTo(6);
    assertThat(redis.lpop("l")).isEqualTo("y");
    assertThat(redis.rpop("l")).isEqualTo("d");
    assertThat(redis.lpop("l", 2)).containsExactly("z", "a");
    assertThat(redis.rpop("l", 5)).containsExactly("c", "b");
    assertThat(redis.exists("l")).as("popping the last element deletes the list").isZero();
    assertThat(redis.lpop("l")).isNull();
    assertThat(call("LPOP", "l", "2")).as("count on a missing key: null array").isEqualTo(nullArray());
    redis.rpush("l", "x");
    assertThat(call("LPOP", "l", "0")).as("count 0: empty array").isEqualTo(array());
    assertRawError("ERR value is out of range, must be positive", "LPOP", "l", "-1");
    assertRawError("ERR wrong number of arguments for 'lpop' command", "LPOP", "l", "1", "2");
  }

  @Test
  void rangesWithNegativeAndOutOfRangeIndexes() {
    redis.rpush("l", "a", "b", "c", "d", "e");
    assertThat(redis.lrange("l", -3, -1)).containsExactly("c", "d", "e");
    assertThat(redis.lrange("l", -100, 100)).containsExactly("a", "b", "c", "d", "e");
    assertThat(redis.lrange("l", 3, 1)).isEmpty();
    assertThat(redis.lrange("l", 10, 20)).isEmpty();
    assertThat(redis.lrange("nokey", 0, -1)).isEmpty();
    assertThat(redis.lindex("l", 0)).isEqualTo("a");
    assertThat(redis.lindex("l", -1)).isEqualTo("e");
    assertThat(redis.lindex("l", 5)).isNull();
    assertThat(redis.lindex("l", -6)).isNull();
    assertThat(redis.llen("l")).isEqualTo(5);
    assertThat(redis.llen("nokey")).isZero();
  }

  @Test
  void setInsertRemoveTrim() throws Exception {
    redis.rpush("l", "a", "b", "c");
    assertThat(redis.lset("l", 1, "B")).isEqualTo("OK");
    assertThat(redis.lset("l", -1, "C")).isEqualTo("OK");
    assertRawError("ERR index out of range", "LSET", "l", "3", "x");
    assertRawError("ERR no such key", "LSET", "nokey", "0", "x");
    assertThat(redis.linsert("l", true, "B", "x")).isEqualTo(4);
    assertThat(redis.linsert("l", false, "C", "y")).isEqualTo(5);
    assertThat(redis.linsert("l", true, "zz", "y")).isEqualTo(-1);
    assertThat(redis.linsert("nokey", true, "a", "y")).isZero();
    assertRawError(SYNTAX, "LINSERT", "l", "MIDDLE", "a", "b");
    assertThat(redis.lrange("l", 0, -1)).containsExactly("a", "x", "B", "C", "y");
    redis.rpush("l", "a", "a", "b", "a");
    assertThat(redis.lrem("l", 2, "a")).isEqualTo(2);
    assertThat(redis.lrange("l", 0, -1)).containsExactly("x", "B", "C", "y", "a", "b", "a");
    assertThat(redis.lrem("l", -1, "a")).isEqualTo(1);
    assertThat(redis.lrange("l", 0, -1)).containsExactly("x", "B", "C", "y", "a", "b");
    assertThat(redis.lrem("l", 0, "zz")).isZero();
    assertThat(redis.ltrim("l", 1, -2)).isEqualTo("OK");
    assertThat(redis.lrange("l", 0, -1)).containsExactly("B", "C", "y", "a");
    assertThat(redis.ltrim("l", 5, 1)).isEqualTo("OK");
    assertThat(redis.exists("l")).as("trimmed to nothing").isZero();
    assertThat(redis.ltrim("nokey", 0, 1)).isEqualTo("OK");
  }

  /** LINSERT and LREM in a list longer than the internal chunk of 1024, in the middle and at both ends. */
  @Test
  void insertAndRemoveShiftLongListsCorrectly() {
    List<String> model = new ArrayList<>();
    List<String> batch = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      model.add("e" + i);
      batch.add("e" + i);
    }
    redis.rpush("l", batch.toArray(new String[0]));
    redis.linsert("l", true, "e10", "near-head");
    model.add(10, "near-head");
    redis.linsert("l", false, "e2500", "near-tail");
    model.add(model.indexOf("e2500") + 1, "near-tail");
    redis.linsert("l", true, "e1500", "middle");
    model.add(model.indexOf("e1500"), "middle");
    assertThat(redis.lrange("l", 0, -1)).isEqualTo(model);
    for (int i = 0; i < 3000; i += 3) {
      redis.lset("l", model.indexOf("e" + i), "dup");
      model.set(model.indexOf("e" + i), "dup");
    }
    assertThat(redis.lrem("l", 400, "dup")).isEqualTo(400);
    for (int n = 0; n < 400; n++) {
      model.remove("dup");
    }
    assertThat(redis.lrange("l", 0, -1)).isEqualTo(model);
    assertThat(redis.lrem("l", -300, "dup")).isEqualTo(300);
    for (int n = 0; n < 300; n++) {
      model.remove(model.lastIndexOf("dup"));
    }
    assertThat(redis.lrange("l", 0, -1)).isEqualTo(model);
    assertThat(redis.lrem("l", 0, "dup")).isEqualTo(300);
    model.removeIf("dup"::equals);
    assertThat(redis.lrange("l", 0, -1)).isEqualTo(model);
    assertThat(redis.lindex("l", 1234)).isEqualTo(model.get(1234));
    assertThat(redis.llen("l")).isEqualTo(model.size());
  }

  @Test
  void lpos() throws Exception {
    redis.rpush("l", "a", "b", "c", "b", "b");
    assertThat(redis.lpos("l", "b")).isEqualTo(1);
    assertThat(redis.lpos("l", "b", LPosArgs.Builder.rank(-1))).isEqualTo(4);
    assertThat(redis.lpos("l", "b", 0)).containsExactly(1L, 3L, 4L);
    assertThat(redis.lpos("l", "b", 2, LPosArgs.Builder.rank(2))).containsExactly(3L, 4L);
    assertThat(redis.lpos("l", "b", 0, LPosArgs.Builder.maxlen(3))).containsExactly(1L);
    assertThat(redis.lpos("l", "zz")).isNull();
    assertThat(redis.lpos("l", "zz", 0)).isEmpty();
    assertThat(redis.lpos("nokey", "a")).isNull();
    assertRawError("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
        "LPOS", "l", "b", "RANK", "0");
    assertRawError("ERR COUNT can't be negative", "LPOS", "l", "b", "COUNT", "-1");
    assertRawError("ERR MAXLEN can't be negative", "LPOS", "l", "b", "MAXLEN", "-1");
    assertRawError(SYNTAX, "LPOS", "l", "b", "FOO", "1");
  }

  @Test
  void movesBetweenLists() throws Exception {
    redis.rpush("src", "1", "2", "3");
    assertThat(redis.lmove("src", "dst", LMoveArgs.Builder.leftRight())).isEqualTo("1");
    assertThat(redis.lmove("src", "dst", LMoveArgs.Builder.rightLeft())).isEqualTo("3");
    assertThat(redis.lmove("src", "src", LMoveArgs.Builder.leftRight())).isEqualTo("2");
    assertThat(redis.rpoplpush("src", "dst")).isEqualTo("2");
    assertThat(redis.exists("src")).isZero();
    assertThat(redis.lrange("dst", 0, -1)).containsExactly("2", "3", "1");
    assertThat(redis.rpoplpush("src", "dst")).isNull();
    assertRawError(SYNTAX, "LMOVE", "dst", "x", "UP", "LEFT");
    redis.set("s", "x");
    assertRawError(WRONGTYPE, "LMOVE", "dst", "s", "LEFT", "LEFT");
    assertThat(redis.llen("dst")).as("nothing popped when the destination has the wrong type").isEqualTo(3);
  }

  @Test
  void lmpop() throws Exception {
    redis.rpush("m", "a", "b", "c");
    assertThat(call("LMPOP", "2", "nokey", "m", "LEFT", "COUNT", "2")).isEqualTo(array(bulk("m"), bulks("a", "b")));
    assertThat(redis.lmpop(LMPopArgs.Builder.right().count(5), "nokey", "m").getValue()).containsExactly("c");
    assertThat(call("LMPOP", "1", "nokey", "LEFT")).isEqualTo(nullArray());
    assertRawError("ERR numkeys should be greater than 0", "LMPOP", "0", "a", "LEFT");
    assertRawError(SYNTAX, "LMPOP", "2", "a", "LEFT");
    assertRawError(SYNTAX, "LMPOP", "1", "a", "MIDDLE");
    assertRawError("ERR count should be greater than 0", "LMPOP", "1", "a", "LEFT", "COUNT", "0");
    assertRawError(SYNTAX, "LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "2");
  }

  @Test
  void wrongTypeAndEncoding() throws Exception {
    redis.set("s", "x");
    for (String[] cmd : new String[][] {
      {"LPUSH", "s", "a"}, {"RPUSHX", "s", "a"}, {"LPOP", "s"}, {"LLEN", "s"}, {"LRANGE", "s", "0", "1"}, {"LINDEX", "s", "0"},
      {"LSET", "s", "0", "a"}, {"LREM", "s", "0", "a"}, {"LTRIM", "s", "0", "1"}, {"LPOS", "s", "a"}, {"LINSERT", "s", "BEFORE", "a", "b"}
    }) {
      assertRawError(WRONGTYPE, cmd);
    }
    redis.rpush("l", "a");
    assertThat(redis.type("l")).isEqualTo("list");
    assertThat(redis.objectEncoding("l")).isEqualTo("listpack");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add("x" + i);
    }
    redis.rpush("l", many.toArray(new String[0]));
    assertThat(redis.objectEncoding("l")).isEqualTo("quicklist");
    assertRawError(NOT_INTEGER, "LINDEX", "l", "x");
    assertRawError(NOT_INTEGER, "LRANGE", "l", "a", "b");
  }
}
