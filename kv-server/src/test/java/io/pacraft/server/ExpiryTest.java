package io.pacraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expiry as a user sees it: an expired key reads as missing and is gone after the read (lazy), keys
 * nobody touches disappear on their own (active), TTLs count down in milliseconds, and an expiry
 * survives a restart. Each test waits with bounded polls, never a fixed long sleep.
 */
class ExpiryTest {

  /** Polls {@code r.dbsize()} every 50 ms until it is {@code expected}, for at most {@code millis}. */
  private static long awaitDbsize(RedisCommands<String, String> r, long expected, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    long size = r.dbsize();
    for (int polls = 0; size != expected && System.nanoTime() < deadline && polls < 1000; polls++) {
      Thread.sleep(50);
      size = r.dbsize();
    }
    return size;
  }

  private static void sleepPast(long unixMillis) throws InterruptedException {
    long wait = unixMillis - System.currentTimeMillis() + 20;
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  @Test
  void expiredKeysReadAsMissingAndAreGoneAfterTheRead() throws Exception {
    // hz 1: the active cycle runs once a second, so the reads below mostly find the keys first
    try (TestServer s = TestServer.start(Map.of("hz", "1"));
        StatefulRedisConnection<String, String> c = s.connect(3)) {
      RedisCommands<String, String> r = c.sync();
      long at = System.currentTimeMillis() + 1500;
      Map<String, String> keys = new HashMap<>();
      for (int i = 0; i < 20; i++) {
        keys.put("lazy" + i, "v");
      }
      r.mset(keys);
      for (String k : keys.keySet()) {
        r.pexpireat(k, at);
      }
      r.set("stays", "v");
      assertThat(r.dbsize()).isEqualTo(21);
      sleepPast(at);
      for (int i = 0; i < 20; i += 4) {
        assertThat(r.get("lazy" + i)).isNull();
        assertThat(r.exists("lazy" + (i + 1))).isZero();
        assertThat(r.ttl("lazy" + (i + 2))).isEqualTo(-2);
        assertThat(r.strlen("lazy" + (i + 3))).isZero();
      }
      assertThat(r.mget("lazy0", "stays").get(1).getValue()).isEqualTo("v");
      assertThat(r.keys("lazy*")).isEmpty();
      assertThat(r.dbsize()).isEqualTo(1);
      assertThat(r.info("stats")).contains("expired_keys:20\r\n");
      assertThat(r.info("keyspace")).contains("db0:keys=1,expires=0,");
      // a write to an expired key starts from nothing
      r.set("w", "5", SetArgs.Builder.px(100));
      sleepPast(System.currentTimeMillis() + 100);
      assertThat(r.incr("w")).isEqualTo(1);
      assertThat(r.ttl("w")).isEqualTo(-1);
    }
  }

  @Test
  void untouchedKeysExpireOnTheirOwn() throws Exception {
    try (TestServer s = TestServer.start(); StatefulRedisConnection<String, String> c = s.connect(2)) {
      RedisCommands<String, String> r = c.sync();
      Map<String, String> keys = new HashMap<>();
      for (int i = 0; i < 500; i++) {
        keys.put("active" + i, "v");
      }
      r.mset(keys);
      for (String k : keys.keySet()) {
        r.pexpire(k, 200);
      }
      r.set("stays", "v");
      assertThat(awaitDbsize(r, 1, 15_000)).isEqualTo(1); // DBSIZE reads no key, so the active cycle did it
      assertThat(r.get("stays")).isEqualTo("v");
      assertThat(r.info("stats")).contains("expired_keys:500\r\n");
    }
  }

  @Test
  void ttlCountsDownInMilliseconds() throws Exception {
    try (TestServer s = TestServer.start(); StatefulRedisConnection<String, String> c = s.connect(3)) {
      RedisCommands<String, String> r = c.sync();
      r.set("k", "v", SetArgs.Builder.px(2300));
      long first = r.pttl("k");
      assertThat(first).isBetween(1800L, 2300L);
      assertThat(r.ttl("k")).isEqualTo(2);
      Thread.sleep(250);
      long second = r.pttl("k");
      assertThat(second).isLessThanOrEqualTo(first - 250).isGreaterThan(0);
      long at = System.currentTimeMillis() + 987_654;
      r.pexpireat("k", at);
      assertThat(r.pexpiretime("k")).isEqualTo(at);
      assertThat(r.pttl("k")).isBetween(987_654L - 2000, 987_654L);
    }
  }

  @Test
  void expirySurvivesARestart() throws Exception {
    try (TestServer s = TestServer.start()) {
      long at = System.currentTimeMillis() + 1500;
      try (StatefulRedisConnection<String, String> c = s.connect(3)) {
        RedisCommands<String, String> r = c.sync();
        r.set("short", "v");
        r.pexpireat("short", at);
        r.set("long", "v", SetArgs.Builder.ex(1000));
        r.set("forever", "v");
      }
      s.restart();
      try (StatefulRedisConnection<String, String> c = s.connect(3)) {
        RedisCommands<String, String> r = c.sync();
        assertThat(r.pexpiretime("short")).isEqualTo(at);
        assertThat(r.ttl("long")).isBetween(990L, 1000L);
        assertThat(r.ttl("forever")).isEqualTo(-1);
        assertThat(r.info("keyspace")).contains("db0:keys=3,expires=2,");
        sleepPast(at);
        assertThat(awaitDbsize(r, 2, 15_000)).isEqualTo(2);
        assertThat(r.exists("short")).isZero();
      }
      s.restart(); // the delete was durable too
      try (StatefulRedisConnection<String, String> c = s.connect(2)) {
        assertThat(c.sync().keys("*")).containsExactlyInAnyOrder("long", "forever");
      }
    }
  }
}
