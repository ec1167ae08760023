package io.pacraft.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

/**
 * {@code debug-clock-offset-ms} moves the node's wall clock at run time (the Jepsen runner's clock
 * nemesis): expiry decisions follow it, and setting it back restores the system clock.
 */
class ClockOffsetTest {
  @Test
  void aClockMovedForwardExpiresKeysEarlyAndMovesBack() throws Exception {
    try (TestServer s = TestServer.start();
        StatefulRedisConnection<String, String> c = s.connect(3)) {
      RedisCommands<String, String> r = c.sync();
      r.set("lease", "holder", SetArgs.Builder.px(60_000));
      assertThat(r.get("lease")).isEqualTo("holder");
      assertThat(r.configSet("debug-clock-offset-ms", "120000")).isEqualTo("OK");
      assertThat(r.configGet("debug-clock-offset-ms")).containsEntry("debug-clock-offset-ms", "120000");
      assertThat(r.get("lease")).as("a minute-long TTL is over two minutes later").isNull();
      // a TTL set under the skewed clock is counted on it
      r.set("next", "v", SetArgs.Builder.px(60_000));
      assertThat(r.pttl("next")).isBetween(50_000L, 60_000L);
      assertThat(r.configSet("debug-clock-offset-ms", "0")).isEqualTo("OK");
      assertThat(r.pttl("next")).as("back on the system clock the key has two more minutes").isGreaterThan(170_000L);
      assertThatThrownBy(() -> r.configSet("debug-clock-offset-ms", "999999999999"))
          .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("debug-clock-offset-ms");
    }
  }
}
