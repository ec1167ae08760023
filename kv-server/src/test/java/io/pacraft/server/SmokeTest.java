package io.pacraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void setGetSurvivesRestart() throws Exception {
    try (TestServer s = TestServer.start()) {
      try (StatefulRedisConnection<String, String> c = s.connect(3)) {
        RedisCommands<String, String> r = c.sync();
        assertThat(r.set("k", "v")).isEqualTo("OK");
        assertThat(r.get("k")).isEqualTo("v");
        assertThat(r.incr("n")).isEqualTo(1L);
      }
      s.restart();
      try (StatefulRedisConnection<String, String> c = s.connect(2)) {
        assertThat(c.sync().get("k")).isEqualTo("v");
        assertThat(c.sync().dbsize()).isEqualTo(2L);
      }
    }
  }
}
