package io.pacraft.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.resp.RespValue;
import io.pacraft.server.RawConnection;
import io.pacraft.server.SharedServer;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The differences from redis-server that {@link DifferentialTest} found, each pinned down with the
 * reply redis-server 7.0.15 gives, so they stay fixed on a machine without redis-server too. Most
 * are about which check comes first when a command has two things wrong.
 */
class FoundByDifferentialTest {
  @RegisterExtension static final SharedServer server = new SharedServer();

  private static final RespValue WRONGTYPE =
      RespValue.error("WRONGTYPE Operation against a key holding the wrong kind of value");

  private RawConnection c;

  @BeforeEach
  void connect() throws IOException {
    c = new RawConnection(server.port());
    c.call("FLUSHALL");
    c.call("SET", "s", "v");
    c.call("RPUSH", "l", "a");
  }

  @Test
  void getexAnswersNilForAMissingKeyBeforeReadingItsExpireTime() throws IOException {
    assertThat(c.call("GETEX", "nokey", "PX", "x")).isEqualTo(RespValue.NULL);
    assertThat(c.call("GETEX", "s", "PX", "x")).isEqualTo(RespValue.error("ERR value is not an integer or out of range"));
  }

  @Test
  void theTypeOfAKeyIsCheckedBeforeTheOtherArguments() throws IOException {
    assertThat(c.call("ZINTER", "1", "l", "WEIGHTS", "1.5")).isEqualTo(WRONGTYPE); // then a syntax error
    assertThat(c.call("ZINTERSTORE", "d", "1", "l", "bogus")).isEqualTo(WRONGTYPE);
    assertThat(c.call("ZINTERCARD", "1", "l", "LIMIT", "-1")).isEqualTo(WRONGTYPE);
    assertThat(c.call("LSET", "s", "x", "v")).isEqualTo(WRONGTYPE);
    assertThat(c.call("INCRBYFLOAT", "l", "abc")).isEqualTo(WRONGTYPE);
    assertThat(c.call("SETRANGE", "l", "536870912", "v")).isEqualTo(WRONGTYPE);
  }

  @Test
  void multiPopsReadTheirKeysCountBeforeTheirTimeout() throws IOException {
    assertThat(c.call("BLMPOP", "-1", "0", "l", "LEFT")).isEqualTo(RespValue.error("ERR numkeys should be greater than 0"));
    assertThat(c.call("BZMPOP", "-1", "0", "z", "MIN")).isEqualTo(RespValue.error("ERR numkeys should be greater than 0"));
  }

  @Test
  void execChecksTheArgumentsOfEachQueuedCommand() throws IOException {
    assertThat(c.call("MULTI")).isEqualTo(RespValue.OK);
    assertThat(c.call("BLMPOP", "-1", "1", "s", "LEFT")).isEqualTo(new RespValue.Simple("QUEUED"));
    assertThat(c.call("EXEC")).isEqualTo(RespValue.array(RespValue.error("ERR timeout is negative")));
  }

  @Test
  void bitfieldMakesRoomForItsWritesEvenWhenTheyAllOverflow() throws IOException {
    assertThat(c.call("BITFIELD", "nb", "OVERFLOW", "FAIL", "SET", "u8", "8", "300"))
        .isEqualTo(RespValue.array(new RespValue.Null(false)));
    assertThat(c.call("STRLEN", "nb")).isEqualTo(RespValue.integer(2));
  }

  @Test
  void writesThatChangeNothingDoNotAbortAWatchingTransaction() throws IOException {
    c.call("SETBIT", "b", "1", "1");
    c.call("ZADD", "z", "inf", "m");
    assertThat(c.call("WATCH", "b", "z")).isEqualTo(RespValue.OK);
    assertThat(c.call("SETBIT", "b", "1", "1")).isEqualTo(RespValue.integer(1));
    assertThat(c.call("ZINCRBY", "z", "+inf", "m")).isEqualTo(RespValue.bulk("inf"));
    c.call("MULTI");
    c.call("PING");
    assertThat(c.call("EXEC")).isEqualTo(RespValue.array(new RespValue.Simple("PONG")));
  }

  @Test
  void aggregatesTreatNanAndSignedZerosAsRedisDoes() throws IOException {
    c.call("ZADD", "z1", "-inf", "10");
    // inf × -inf = -inf, then 0 × -inf = NaN summed in: NaN, which Redis makes 0
    assertThat(c.call("ZINTER", "2", "z1", "z1", "WEIGHTS", "inf", "0", "AGGREGATE", "SUM", "WITHSCORES"))
        .isEqualTo(RespValue.array(RespValue.bulk("10"), RespValue.bulk("0")));
    c.call("ZADD", "x", "1", "m");
    c.call("ZADD", "y", "-1", "m");
    // 0 then -0 (or -0 then 0): MIN keeps the first, -0 being no smaller than 0
    assertThat(c.call("ZUNION", "2", "x", "y", "WEIGHTS", "0", "0", "AGGREGATE", "MIN", "WITHSCORES"))
        .isEqualTo(RespValue.array(RespValue.bulk("m"), RespValue.bulk("0")));
    assertThat(c.call("ZUNION", "2", "y", "x", "WEIGHTS", "0", "0", "AGGREGATE", "MIN", "WITHSCORES"))
        .isEqualTo(RespValue.array(RespValue.bulk("m"), RespValue.bulk("-0")));
  }

  @Test
  void notificationsAreTheOnesRedisSends() throws IOException {
    try (RawConnection events = new RawConnection(server.port())) {
      c.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
      events.call("PSUBSCRIBE", "__keyevent@0__:*");
      c.call("RPUSH", "src", "a", "b");
      drain(events);
      // LMOVE: the push's event, then the pop's
      c.call("LMOVE", "src", "dst", "LEFT", "RIGHT");
      assertThat(drain(events)).containsExactly("rpush dst", "lpop src");
      // SET KEEPTTL keeps the TTL without an expire event
      c.call("SET", "k", "v", "EX", "1000");
      drain(events);
      c.call("SET", "k", "w", "KEEPTTL");
      assertThat(drain(events)).containsExactly("set k");
      // a BITFIELD write that leaves the bits as they were changes nothing
      c.call("SET", "b", " ");
      drain(events);
      assertThat(c.call("BITFIELD", "b", "INCRBY", "u1", "#1", "100")).isEqualTo(RespValue.array(RespValue.integer(0)));
      assertThat(drain(events)).isEmpty();
    } finally {
      c.call("CONFIG", "SET", "notify-keyspace-events", "");
    }
  }

  /**
   * The key events published so far, as "event key": waits for the applier's notifications (they
   * may trail the command's reply by a moment), then a PING answered after them marks the end.
   */
  private static java.util.List<String> drain(RawConnection events) throws IOException {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // "__keyevent@0__:rpush" "dst" -> rpush dst
    return DifferentialTest.drain(events).stream()
        .map(e -> e.replace("\"", ""))
        .map(e -> e.substring(e.indexOf(':') + 1))
        .toList();
  }

  @Test
  void aZeroScoreHasNoSignOnceStoredAndSortsWithPositiveZero() throws IOException {
    c.call("ZADD", "z", "-0", "m");
    assertThat(c.call("ZSCORE", "z", "m")).isEqualTo(RespValue.bulk("0"));
    c.call("ZADD", "neg", "-0.5", "b", "1", "a");
    c.call("SADD", "pos", "a", "c");
    // b: 0 × -0.5 = -0, a and c: 0 × 1 = 0; all equal, so in member order, each zero as computed
    assertThat(c.call("ZUNION", "2", "neg", "pos", "WEIGHTS", "0", "0", "WITHSCORES"))
        .isEqualTo(RespValue.array(
            RespValue.bulk("a"), RespValue.bulk("0"), RespValue.bulk("b"), RespValue.bulk("-0"),
            RespValue.bulk("c"), RespValue.bulk("0")));
  }
}
