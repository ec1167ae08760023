package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pacraft.resp.RespValue;
import io.pacraft.server.RawConnection;
import io.pacraft.server.SharedServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Type checks of the string commands, table-driven: on a missing key each answers as if the string
 * were empty (never WRONGTYPE); on a key of another type the value-reading ones answer WRONGTYPE and
 * the overwriting ones replace it. The second half runs once the command table can create a key of
 * another type ({@link #OTHER_TYPES}: hash, list, set, zset as their commands land).
 */
class WrongTypeTest {
  static final RespValue WRONGTYPE = RespValue.error("WRONGTYPE Operation against a key holding the wrong kind of value");
  static final RespValue NIL = RespValue.NULL;
  static final RespValue EMPTY = RespValue.bulk("");

  /** A string command on key {@code k}, and what it answers when {@code k} does not exist. */
  record Case(List<String> argv, RespValue onMissing) {
    static Case of(RespValue onMissing, String... argv) {
      return new Case(List.of(argv), onMissing);
    }
  }

  /** Every string command that reads the value at {@code k}: WRONGTYPE on another type. */
  static final List<Case> READS_THE_VALUE =
      List.of(
          Case.of(NIL, "GET", "k"),
          Case.of(NIL, "GETSET", "k", "v"),
          Case.of(NIL, "GETDEL", "k"),
          Case.of(NIL, "GETEX", "k", "EX", "100"),
          Case.of(RespValue.integer(1), "APPEND", "k", "v"),
          Case.of(RespValue.ZERO, "STRLEN", "k"),
          Case.of(RespValue.integer(1), "INCR", "k"),
          Case.of(RespValue.integer(-1), "DECR", "k"),
          Case.of(RespValue.integer(5), "INCRBY", "k", "5"),
          Case.of(RespValue.integer(-5), "DECRBY", "k", "5"),
          Case.of(RespValue.bulk("1.5"), "INCRBYFLOAT", "k", "1.5"),
          Case.of(EMPTY, "GETRANGE", "k", "0", "-1"),
          Case.of(EMPTY, "SUBSTR", "k", "0", "-1"),
          Case.of(RespValue.integer(3), "SETRANGE", "k", "2", "x"),
          Case.of(NIL, "DIGEST", "k"),
          Case.of(NIL, "SET", "k", "v", "GET"),
          Case.of(NIL, "SET", "k", "v", "IFEQ", "v"),
          Case.of(RespValue.OK, "SET", "k", "v", "IFNE", "x"),
          Case.of(RespValue.ZERO, "DELEX", "k", "IFEQ", "v"));

  /** String commands that replace or skip any value at {@code k}, never WRONGTYPE. */
  static final List<Case> IGNORE_THE_TYPE =
      List.of(
          Case.of(RespValue.OK, "SET", "k", "v"),
          Case.of(RespValue.OK, "SETEX", "k", "100", "v"),
          Case.of(RespValue.OK, "PSETEX", "k", "100000", "v"),
          Case.of(RespValue.OK, "MSET", "k", "v"),
          Case.of(RespValue.ONE, "SETNX", "k", "v"),
          Case.of(RespValue.ONE, "MSETNX", "k", "v"),
          Case.of(RespValue.array(NIL), "MGET", "k"),
          Case.of(EMPTY, "LCS", "k", "k"),
          Case.of(RespValue.ZERO, "DELEX", "k"));

  /** How to create a key {@code k} of another type: {type, command...}; only commands the table has. */
  static final List<List<String>> OTHER_TYPES =
      List.of(
          List.of("hash", "HSET", "k", "f", "v"),
          List.of("list", "RPUSH", "k", "a"),
          List.of("set", "SADD", "k", "a"),
          List.of("zset", "ZADD", "k", "1", "a"));

  @RegisterExtension static final SharedServer server = new SharedServer();
  static RawConnection c;

  @BeforeAll
  static void connect() throws Exception {
    c = new RawConnection(server.port());
  }

  @AfterAll
  static void disconnect() throws Exception {
    c.close();
  }

  private static RespValue call(List<String> argv) throws Exception {
    return c.call(argv.toArray(new String[0]));
  }

  private static List<Case> allCases() {
    List<Case> all = new ArrayList<>(READS_THE_VALUE);
    all.addAll(IGNORE_THE_TYPE);
    return all;
  }

  @Test
  void stringCommandsOnAMissingKeyAreNeverWrongType() throws Exception {
    for (Case k : allCases()) {
      c.call("FLUSHALL");
      assertThat(call(k.argv())).as(String.join(" ", k.argv())).isEqualTo(k.onMissing());
    }
  }

  @Test
  void stringCommandsOnAStringKeyAreNeverWrongType() throws Exception {
    for (Case k : allCases()) {
      c.call("FLUSHALL");
      c.call("SET", "k", "12");
      assertThat(call(k.argv())).as(String.join(" ", k.argv())).isNotEqualTo(WRONGTYPE).isNotInstanceOf(RespValue.Error.class);
    }
  }

  @Test
  void stringCommandsOnAKeyOfAnotherType() throws Exception {
    List<List<String>> creatable = new ArrayList<>();
    for (List<String> t : OTHER_TYPES) {
      if (Commands.table().lookup(t.get(1)) != null) {
        creatable.add(t);
      }
    }
    assumeTrue(!creatable.isEmpty(), "no command creates a non-string key yet (hash/list/set/zset not in the command table)");
    for (List<String> t : creatable) {
      for (Case k : READS_THE_VALUE) {
        create(t);
        assertThat(call(k.argv())).as(t.get(0) + ": " + String.join(" ", k.argv())).isEqualTo(WRONGTYPE);
        assertThat(c.call("TYPE", "k")).isEqualTo(new RespValue.Simple(t.get(0))); // untouched
      }
      create(t);
      assertThat(c.call("LCS", "k", "k")).isEqualTo(RespValue.error("ERR The specified keys must contain string values"));
      create(t);
      assertThat(c.call("MGET", "k")).isEqualTo(RespValue.array(NIL));
      create(t);
      assertThat(c.call("SETNX", "k", "v")).isEqualTo(RespValue.ZERO);
      create(t);
      assertThat(c.call("DELEX", "k")).isEqualTo(RespValue.ONE);
      for (List<String> overwrite : List.of(List.of("SET", "k", "v"), List.of("SETEX", "k", "100", "v"), List.of("MSET", "k", "v"))) {
        create(t);
        assertThat(call(overwrite)).isEqualTo(RespValue.OK);
        assertThat(c.call("TYPE", "k")).isEqualTo(new RespValue.Simple("string"));
        assertThat(c.call("GET", "k")).isEqualTo(RespValue.bulk("v"));
      }
    }
  }

  private static void create(List<String> type) throws Exception {
    c.call("FLUSHALL");
    assertThat(call(type.subList(1, type.size()))).isNotInstanceOf(RespValue.Error.class);
  }
}
