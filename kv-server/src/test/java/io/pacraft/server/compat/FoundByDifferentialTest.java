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
