package io.pacraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a standalone node in the middle of a write load from many connections: after a
 * restart every write it acknowledged is there, with the acknowledged value or a later one.
 */
class KillNineIT {
  @TempDir Path tmp;

  @Test
  void everyAcknowledgedWriteSurvivesKill9() throws Exception {
    int port = PacraftProcess.freePort();
    Path dir = tmp.resolve("data");
    Path log = tmp.resolve("node.log");
    String[] args = {"server", "--port", Integer.toString(port), "--dir", dir.toString()};
    int clients = 16;
    Map<String, Long> acked = new ConcurrentHashMap<>(); // key -> highest acknowledged counter value
    AtomicBoolean stop = new AtomicBoolean();
    RedisClient client = RedisClient.create();
    try (PacraftProcess node = PacraftProcess.start(port, log, args)) {
      RedisURI uri = RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofSeconds(5)).build();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<?>> loads = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int id = c;
        loads.add(
            pool.submit(
                () -> {
                  try (StatefulRedisConnection<String, String> conn = client.connect(uri)) {
                    RedisAsyncCommands<String, String> a = conn.async();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    for (long i = 1; !stop.get() && System.nanoTime() < deadline && i < 1_000_000; i++) {
                      // a pipeline of 8 writes per round trip, each acknowledged separately
                      List<RedisFuture<String>> round = new ArrayList<>();
                      List<String> keys = new ArrayList<>();
                      for (int j = 0; j < 8; j++, i++) {
                        String key = "c" + id + ":k" + (i % 500);
                        keys.add(key);
                        round.add(a.set(key, Long.toString(i)));
                      }
                      for (int j = 0; j < round.size(); j++) {
                        round.get(j).get(5, TimeUnit.SECONDS);
                        long v = i - round.size() + j;
                        acked.merge(keys.get(j), v, Math::max);
                      }
                    }
                  } catch (Exception e) {
                    // the kill cuts connections: writes not acknowledged may or may not have happened
                  }
                }));
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (acked.size() < 2000 && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      Thread.sleep(500);
      node.kill9();
      stop.set(true);
      for (Future<?> f : loads) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(acked).hasSizeGreaterThan(500);

      node.launch();
      try (StatefulRedisConnection<String, String> conn = client.connect(uri)) {
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, Long> e : acked.entrySet()) {
          String v = conn.sync().get(e.getKey());
          if (v == null || Long.parseLong(v) < e.getValue()) {
            lost.add(e.getKey() + " acked " + e.getValue() + " found " + v);
          }
        }
        assertThat(lost).as("acknowledged writes missing after kill -9 (log %s)", Files.exists(log) ? log : "-").isEmpty();
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
