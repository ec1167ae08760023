package io.pacraft.replication.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.GroupId;
import io.pacraft.replication.Member;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.log.LogEntry;
import io.pacraft.replication.transport.NodeTransport;
import io.pacraft.replication.transport.TransportOptions;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeEnvironmentTest {
  private static final NodeId A = NodeId.of("a".repeat(40));
  private static final NodeId B = NodeId.of("b".repeat(40));
  private static final GroupId SHARD = GroupId.of("shard-0");

  @TempDir Path tmp;

  private static NodeTransport bus(NodeId id) throws Exception {
    return NodeTransport.start(id, new InetSocketAddress("127.0.0.1", 0), TransportOptions.defaults());
  }

  private static <T> T on(Executor executor, java.util.concurrent.Callable<T> task) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        f.complete(task.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    return f.get(20, TimeUnit.SECONDS);
  }

  @Test
  void aGroupLogsDurablyOnItsSchedulerAndRecoversAfterReopen() throws Exception {
    try (NodeTransport bus = bus(A)) {
      NodeEnvironment env = NodeEnvironment.open(SHARD, tmp.resolve("shard-0"), bus);
      CompletableFuture<Boolean> durableOnScheduler = new CompletableFuture<>();
      on(env.scheduler(), () -> {
        env.logStore().saveHardState(new byte[] {3}, null);
        env.logStore().append(
            List.of(new LogEntry(1, 3, LogEntry.NORMAL, "x".getBytes(StandardCharsets.UTF_8))),
            () -> durableOnScheduler.complete(env.scheduler().inScheduler()));
        return null;
      });
      assertThat(durableOnScheduler.get(20, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.isDirectory(tmp.resolve("shard-0/log"))).isTrue();
      assertThat(env.clock().currentTimeMillis()).isPositive();
      env.close();

      try (NodeEnvironment again = NodeEnvironment.open(SHARD, tmp.resolve("shard-0"), bus)) {
        assertThat(on(again.scheduler(), () -> again.logStore().lastIndex())).isEqualTo(1);
        assertThat(on(again.scheduler(), () -> again.logStore().hardState())).containsExactly(3);
      }
    }
  }

  @Test
  void groupsOnTwoNodesTalkThroughTheirBuses() throws Exception {
    try (NodeTransport busA = bus(A);
        NodeTransport busB = bus(B);
        NodeEnvironment envA = NodeEnvironment.open(SHARD, tmp.resolve("a"), busA);
        NodeEnvironment envB = NodeEnvironment.open(SHARD, tmp.resolve("b"), busB)) {
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      envB.transport().onMessage((from, msg) -> got.add(from + " " + StandardCharsets.UTF_8.decode(msg) + " " + envB.scheduler().inScheduler()));
      envA.transport().updatePeers(List.of(new Member(B, "127.0.0.1:" + busB.localAddress().getPort(), true)));
      envA.transport().send(B, ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
      assertThat(got.poll(20, TimeUnit.SECONDS)).isEqualTo(A + " hi true");
    }
  }

  @Test
  void theApplierRunsTasksInOrderOffTheScheduler() throws Exception {
    try (NodeTransport bus = bus(A);
        NodeEnvironment env = NodeEnvironment.open(SHARD, tmp.resolve("s"), bus)) {
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 100; i++) {
        int n = i;
        env.applier().execute(() -> seen.add(n + ":" + Thread.currentThread().getName() + ":" + env.scheduler().inScheduler()));
      }
      on(env.applier(), () -> null);
      assertThat(seen).hasSize(100);
      for (int i = 0; i < 100; i++) {
        assertThat(seen.get(i)).isEqualTo(i + ":apply-shard-0:false");
      }
      assertThat(env.random().nextLong()).isNotEqualTo(env.random().nextLong());
    }
  }

  @Test
  void closingUnregistersTheGroupSoItCanBeOpenedAgain() throws Exception {
    try (NodeTransport bus = bus(A)) {
      NodeEnvironment.open(SHARD, tmp.resolve("x"), bus).close();
      NodeEnvironment.open(SHARD, tmp.resolve("x"), bus).close();
    }
  }
}
