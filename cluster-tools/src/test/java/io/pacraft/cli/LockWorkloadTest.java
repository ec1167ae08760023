package io.pacraft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.pacraft.jepsen.runner.ClientSession;
import io.pacraft.jepsen.runner.LocalCluster;
import io.pacraft.jepsen.runner.LockWorkload;
import io.pacraft.jepsen.runner.Outcome;
import io.pacraft.jepsen.runner.Workload;
import io.pacraft.server.PacraftServer;
import io.pacraft.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock workload against a real server: a release refused before it ran leaves the lock held,
 * and the holder releases it next (regression: it used to forget the lock, whose TTL then freed it
 * for a second holder — a false mutex violation under faults).
 */
class LockWorkloadTest {
  @TempDir Path dir;

  @Test
  void aReleaseRefusedBeforeItRanIsRetriedByTheHolder() throws Exception {
    ServerConfig cfg = new ServerConfig(null);
    cfg.setAtStartup("port", "0");
    cfg.setAtStartup("dir", dir.toString());
    cfg.setAtStartup("rocksdb-block-cache-size", "16mb");
    PacraftServer server = PacraftServer.start(cfg);
    RedisClient client = RedisClient.create();
    Duration timeout = Duration.ofSeconds(2);
    client.setOptions(ClientSession.options(timeout));
    String live = "127.0.0.1:" + server.port();
    String dead = "127.0.0.1:" + LocalCluster.freePortPair();
    try (ClientSession session = new ClientSession(client, List.of(live, dead), 0, false, timeout)) {
      LockWorkload lock = new LockWorkload();
      Workload.ProcessState state = new Workload.ProcessState();
      Random random = new Random(1);
      Workload.Invocation acquire = lock.next(random, state);
      assertThat(acquire.f()).isEqualTo("acquire");
      lock.execute(session, acquire, state);
      Workload.Invocation release = lock.next(random, state);
      assertThat(release.f()).isEqualTo("release");
      assertThat(release.key()).isEqualTo(acquire.key());

      session.follow(dead); // the node is down: the release cannot even be sent
      assertThatThrownBy(() -> lock.execute(session, release, state))
          .satisfies(t -> assertThat(Outcome.of(t).definite()).isTrue());
      assertThat(lock.next(random, state)).as("the holder still holds it").isEqualTo(release);

      session.follow(live);
      lock.execute(session, lock.next(random, state), state);
      assertThat(lock.next(random, state).f()).isEqualTo("acquire");
      assertThat(session.writer().exists((String) release.key())).isZero();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      server.close();
    }
  }
}
