package io.pacraft.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.resp.RespValue;
import io.pacraft.server.RawConnection;
import io.pacraft.server.ServerTest;
import org.junit.jupiter.api.Test;

/** Writes that change nothing are answered without a log entry, and never from stale state. */
class WriteProbeTest extends ServerTest {

  private long logIndex() {
    for (String line : redis.info("replication").split("\r\n")) {
      if (line.startsWith("master_repl_offset:")) {
        return Long.parseLong(line.substring("master_repl_offset:".length()));
      }
    }
    throw new AssertionError("no master_repl_offset");
  }

  @Test
  void unchangedWritesTakeNoLogEntry() {
    redis.sadd("s", "a");
    redis.zadd("z", 1, "m");
    long before = logIndex();
    assertThat(redis.sadd("s", "a")).isZero();
    assertThat(redis.zadd("z", 1, "m")).isZero();
    assertThat(redis.spop("nokey")).isNull();
    assertThat(redis.del("nokey")).isZero();
    assertThat(redis.srem("s", "zz")).isZero();
    assertThat(logIndex()).isEqualTo(before);
    assertThat(redis.sadd("s", "b")).isEqualTo(1);
    assertThat(logIndex()).isEqualTo(before + 1);
  }

  /**
   * The reply to a write goes out only once the connection counts that write as finished, so an
   * unchanged write right behind it is still answered without a log entry.
   */
  @Test
  void anUnchangedWriteRightAfterAnAppliedOneTakesNoLogEntry() {
    long before = logIndex();
    for (int i = 0; i < 300; i++) {
      assertThat(redis.sadd("right-after", "m" + i)).isEqualTo(1);
      assertThat(redis.sadd("right-after", "m" + i)).isZero();
    }
    assertThat(logIndex()).isEqualTo(before + 300);
  }

  /** A key whose expiry has passed is deleted by the write, as applying it would: never answered as if still there. */
  @Test
  void aWriteToAnExpiredKeyGoesThroughTheLog() throws Exception {
    redis.sadd("gone", "a");
    redis.pexpire("gone", 30);
    Thread.sleep(80);
    long before = logIndex();
    assertThat(redis.sadd("gone", "a")).as("a new set").isEqualTo(1);
    assertThat(redis.ttl("gone")).as("without the old expiry").isEqualTo(-1);
    assertThat(logIndex()).isGreaterThan(before);
    redis.zadd("zgone", 1, "m");
    redis.pexpire("zgone", 30);
    Thread.sleep(80);
    assertThat(redis.zadd("zgone", 1, "m")).isEqualTo(1);
  }

  @Test
  void aClientsOwnPipelinedWriteIsSeenFirst() throws Exception {
    redis.sadd("s", "a");
    for (int i = 0; i < 50; i++) {
      raw.write(RawConnection.command("SREM", "s", "a"));
      raw.write(RawConnection.command("SADD", "s", "a"));
      assertThat(raw.read()).isEqualTo(RespValue.ONE);
      assertThat(raw.read()).as("SADD right behind SREM adds again").isEqualTo(RespValue.ONE);
    }
  }
}
