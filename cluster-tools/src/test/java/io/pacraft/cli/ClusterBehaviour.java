package io.pacraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.pacraft.cli.admin.NodeClient;
import io.pacraft.resp.RespValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What a replicated cluster must do whatever its protocol: clients follow leadership on their own,
 * a killed leader or follower costs no acknowledged write, a wiped node catches up through a
 * snapshot, and membership changes and failovers under load lose nothing. One 3-node cluster per
 * protocol, real processes; each test leaves it healthy for the next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterBehaviour {
  private Path dir;
  TestCluster cluster;

  abstract String protocol();

  /** Protocol settings that make snapshots frequent enough for a test to need one. */
  abstract String snapshotHeavySettings();

  @BeforeAll
  void startCluster() throws IOException {
    dir = Files.createTempDirectory("pacraft-cluster-" + protocol());
    cluster = TestCluster.start(dir, protocol(), 3, snapshotHeavySettings());
  }

  @AfterAll
  void stopCluster() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
    try (Stream<Path> w = Files.walk(dir)) {
      w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * Reads {@code key} from the shard leader (a linearizable read), following MOVED and retrying
   * errors (no leader yet, CLUSTERDOWN while a restarted cluster recovers) for up to 30 s.
   */
  String read(String key) throws IOException {
    String target = cluster.addresses().get(0);
    long deadline = System.nanoTime() + 30_000_000_000L;
    for (int i = 0; System.nanoTime() < deadline; i++) {
      try (NodeClient c = new NodeClient(target, 5000)) {
        RespValue r = c.call("GET", key);
        if (r instanceof RespValue.Error e && e.message().startsWith("MOVED")) {
          target = e.message().split(" ")[2];
          continue;
        }
        if (r instanceof RespValue.Error e) {
          sleep(100);
          continue;
        }
        return r instanceof RespValue.Bulk b ? b.utf8() : null;
      } catch (IOException e) {
        target = cluster.addresses().get(i % cluster.addresses().size());
        sleep(100);
      }
    }
    throw new IOException("no answer for GET " + key);
  }

  void assertNothingLost(Map<String, Long> acked) throws IOException {
    List<String> lost = new ArrayList<>();
    for (Map.Entry<String, Long> e : acked.entrySet()) {
      String v = read(e.getKey());
      if (v == null || Long.parseLong(v) < e.getValue()) {
        lost.add(e.getKey() + ": acknowledged " + e.getValue() + ", found " + v);
      }
    }
    assertThat(lost).as("acknowledged writes lost; admin log:%n%s", cluster.adminLog()).isEmpty();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @Order(1)
  void clientsFollowLeadershipChanges() throws Exception {
    RedisURI seed = RedisURI.create("redis://" + cluster.addresses().get(0));
    RedisClusterClient client = RedisClusterClient.create(seed);
    client.setOptions(
        ClusterClientOptions.builder()
            .topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder()
                    .enableAllAdaptiveRefreshTriggers()
                    .enablePeriodicRefresh(Duration.ofSeconds(1))
                    .build())
            .build());
    RedisClient plain = RedisClient.create();
    try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
      for (int i = 0; i < 100; i++) {
        assertThat(c.sync().set("lettuce:" + i, "v" + i)).isEqualTo("OK");
      }
      cluster.admin().failover(java.util.Optional.empty(), 30);
      for (int i = 0; i < 100; i++) {
        String key = "lettuce:" + i;
        String next = "w" + i;
        assertThat(retry(() -> c.sync().get(key))).isIn("v" + i, next);
        assertThat(retry(() -> c.sync().set(key, next))).isEqualTo("OK");
      }
      // A plain client on a follower is redirected (MOVED) for writes and linearizable reads.
      PacraftProcess follower = null;
      PacraftProcess leader = cluster.leader();
      for (PacraftProcess p : cluster.nodes()) {
        if (p != leader) {
          follower = p;
        }
      }
      try (StatefulRedisConnection<String, String> f = plain.connect(RedisURI.create("redis://127.0.0.1:" + follower.port()))) {
        assertThatThrownBy(() -> f.sync().set("lettuce:1", "z"))
            .isInstanceOf(io.lettuce.core.RedisCommandExecutionException.class)
            .hasMessageStartingWith("MOVED " + io.pacraft.server.cluster.SlotHash.slot("lettuce:1".getBytes(StandardCharsets.UTF_8)) + " 127.0.0.1:" + leader.port());
      }
      // READONLY lets the follower answer reads itself, as a Redis replica does.
      try (StatefulRedisConnection<String, String> f = plain.connect(RedisURI.create("redis://127.0.0.1:" + follower.port()))) {
        assertThat(f.sync().readOnly()).isEqualTo("OK");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!"w99".equals(f.sync().get("lettuce:99")) && System.nanoTime() < deadline) {
          sleep(50);
        }
        assertThat(f.sync().get("lettuce:99")).isEqualTo("w99");
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      plain.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    // redis-cli -c follows MOVED from any node.
    for (String a : cluster.addresses()) {
      String port = a.substring(a.indexOf(':') + 1);
      assertThat(redisCli("-c", "-p", port, "SET", "cli:" + port, "x")).isEqualTo("OK");
      assertThat(redisCli("-c", "-p", port, "GET", "cli:" + port)).isEqualTo("x");
    }
  }

  static String redisCli(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("redis-cli");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("redis-cli hung");
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }

  interface Call<T> {
    T get() throws Exception;
  }

  /** Retries a client call across the moments a leader change makes it fail (bounded). */
  static <T> T retry(Call<T> call) throws Exception {
    Exception last = null;
    for (int i = 0; i < 100; i++) {
      try {
        return call.get();
      } catch (Exception e) {
        last = e;
        sleep(100);
      }
    }
    throw last;
  }

  @Test
  @Order(2)
  void killingTheLeaderLosesNoAcknowledgedWrite() throws Exception {
    try (ClusterWriter w = new ClusterWriter(cluster.addresses(), "kl:", 200).start()) {
      w.awaitMore(300, 60_000);
      PacraftProcess leader = cluster.leader();
      leader.kill9();
      w.awaitMore(300, 60_000);
      System.out.println(protocol() + ": longest write gap around a leader kill: " + w.longestGapMillis() + " ms");
      // The writes resumed (awaitMore) well within the bound: a new leader took over on its own.
      assertThat(w.longestGapMillis()).isLessThan(15_000);
      w.close();
      leader.launch();
      assertNothingLost(w.acked());
    }
  }

  @Test
  @Order(3)
  void killingAFollowerStopsNoWrite() throws Exception {
    try (ClusterWriter w = new ClusterWriter(cluster.addresses(), "kf:", 200).start()) {
      w.awaitMore(200, 60_000);
      PacraftProcess leader = cluster.leader();
      PacraftProcess follower = cluster.nodes().stream().filter(p -> p != leader).findFirst().orElseThrow();
      follower.kill9();
      w.awaitMore(300, 60_000);
      w.close();
      follower.launch();
      assertNothingLost(w.acked());
    }
  }

  @Test
  @Order(4)
  void restartingEveryNodeKeepsTheData() throws Exception {
    Map<String, Long> acked;
    try (ClusterWriter w = new ClusterWriter(cluster.addresses(), "all:", 300).start()) {
      w.awaitMore(500, 60_000);
      w.close();
      acked = Map.copyOf(w.acked());
    }
    for (PacraftProcess p : cluster.nodes()) {
      p.kill9();
    }
    for (PacraftProcess p : cluster.nodes()) {
      p.launch();
    }
    assertNothingLost(acked);
  }

  @Test
  @Order(5)
  void aWipedNodeCatchesUpThroughASnapshot() throws Exception {
    Map<String, Long> acked;
    try (ClusterWriter w = new ClusterWriter(cluster.addresses(), "snap:", 500).start()) {
      w.awaitMore(3000, 180_000); // far more than the log keeps after a snapshot
      w.close();
      acked = Map.copyOf(w.acked());
    }
    PacraftProcess leader = cluster.leader();
    PacraftProcess victim = cluster.nodes().stream().filter(p -> p != leader).findFirst().orElseThrow();
    String victimAddress = "127.0.0.1:" + victim.port();
    cluster.admin().removeNode(victimAddress, 60);
    victim.stop();
    wipe(victim);
    cluster.nodes().remove(victim);
    PacraftProcess fresh = cluster.launch(victim.port());
    cluster.own(fresh);
    cluster.admin().addNode(victimAddress, 180);
    assertThat(Files.readString(fresh.log())).as("the new node restored a snapshot").containsIgnoringCase("snapshot");
    // Its own state, read without a barrier, holds every acknowledged write.
    try (NodeClient c = new NodeClient(victimAddress, 5000)) {
      assertThat(c.text("READONLY")).isEqualTo("OK");
      for (Map.Entry<String, Long> e : acked.entrySet()) {
        RespValue v = c.call("GET", e.getKey());
        assertThat(v).isInstanceOf(RespValue.Bulk.class);
        assertThat(Long.parseLong(((RespValue.Bulk) v).utf8())).isGreaterThanOrEqualTo(e.getValue());
      }
    }
  }

  private static void wipe(PacraftProcess p) throws IOException {
    Path nodeDir = p.log().getParent();
    try (Stream<Path> w = Files.walk(nodeDir)) {
      for (Path f : w.sorted(Comparator.reverseOrder()).toList()) {
        if (!f.equals(nodeDir)) {
          Files.delete(f);
        }
      }
    }
  }

  @Test
  @Order(6)
  void membershipChangesAndFailoverUnderLoadLoseNothing() throws Exception {
    try (ClusterWriter w = new ClusterWriter(cluster.addresses(), "mem:", 300).start()) {
      w.awaitMore(200, 60_000);
      PacraftProcess extra = cluster.launch(PacraftProcess.freePort());
      cluster.own(extra);
      cluster.admin().addNode("127.0.0.1:" + extra.port(), 180);
      w.awaitMore(200, 60_000);
      cluster.admin().failover(java.util.Optional.of("127.0.0.1:" + extra.port()), 30);
      w.awaitMore(200, 60_000);
      PacraftProcess first = cluster.nodes().get(0);
      cluster.admin().removeNode("127.0.0.1:" + first.port(), 60);
      w.awaitMore(200, 60_000);
      w.close();
      first.stop();
      cluster.nodes().remove(first);
      assertNothingLost(w.acked());
      assertThat(cluster.admin().printStatus()).isZero();
    }
  }
}
