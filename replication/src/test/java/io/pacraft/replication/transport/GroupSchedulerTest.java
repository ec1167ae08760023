package io.pacraft.replication.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.GroupId;
import io.pacraft.replication.Member;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ProposalQueue;
import io.pacraft.replication.Transport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Groups scheduled on their node's bus loop: real sockets on 127.0.0.1, ephemeral ports. */
class GroupSchedulerTest {
  private static final NodeId A = NodeId.of("node-a");
  private static final NodeId B = NodeId.of("node-b");
  private static final GroupId META = GroupId.of("meta");
  private static final GroupId SHARD = GroupId.of("shard-1");

  private NodeTransport a;
  private NodeTransport b;

  @BeforeEach
  void start() throws Exception {
    a = NodeTransport.start(A, new InetSocketAddress("127.0.0.1", 0), TransportOptions.defaults().withReconnect(10, 200));
    b = NodeTransport.start(B, new InetSocketAddress("127.0.0.1", 0), TransportOptions.defaults().withReconnect(10, 200));
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  private static ByteBuffer text(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static void connect(Transport t, NodeTransport peer, NodeId peerId) {
    t.updatePeers(List.of(new Member(peerId, "127.0.0.1:" + peer.localAddress().getPort(), true)));
  }

  @Test
  void aReceivedMessageRunsAsItsGroupsTaskOnTheBusLoop() throws Exception {
    NodeTransport.GroupScheduler sa = a.groupScheduler();
    NodeTransport.GroupScheduler sb = b.groupScheduler();
    Transport ta = a.transportFor(SHARD, sa);
    Transport tb = b.transportFor(SHARD, sb);
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    tb.onMessage((from, msg) -> got.add(from + " " + StandardCharsets.UTF_8.decode(msg) + " in-scheduler=" + sb.inScheduler()));
    connect(ta, b, B);
    for (int i = 0; i < 3; i++) {
      ta.send(B, text("m" + i));
    }
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("node-a m0 in-scheduler=true");
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("node-a m1 in-scheduler=true");
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("node-a m2 in-scheduler=true");
  }

  @Test
  void whatAGroupSendsLeavesDuringItsTaskNotAfterIt() throws Exception {
    // A leader's step appends, sends, and its log's sync runs as a later task on the same loop:
    // the followers must have the entries while the leader is still syncing.
    NodeTransport.GroupScheduler sa = a.groupScheduler();
    Transport ta = a.transportFor(SHARD, sa);
    Transport tb = b.transportFor(SHARD, b.groupScheduler());
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    tb.onMessage((from, msg) -> got.add(StandardCharsets.UTF_8.decode(msg).toString()));
    connect(ta, b, B);
    ta.send(B, text("connect"));
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("connect");
    CountDownLatch taskDone = new CountDownLatch(1);
    BlockingQueue<String> duringTask = new LinkedBlockingQueue<>();
    sa.execute(() -> {
      ta.send(B, text("entries"));
      try {
        // the task (a sync, say) goes on until the peer has the message, or 10 s
        String m = got.poll(10, TimeUnit.SECONDS);
        duringTask.add(m == null ? "nothing arrived during the task" : m);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      taskDone.countDown();
    });
    assertThat(taskDone.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(duringTask.poll()).isEqualTo("entries");
  }

  @Test
  void aGroupsCallIntoAnotherGroupOnTheSameLoopIsQueuedNotRunInsideItsTask() throws Exception {
    NodeTransport.GroupScheduler shard = a.groupScheduler();
    NodeTransport.GroupScheduler meta = a.groupScheduler();
    AtomicBoolean inShardTask = new AtomicBoolean();
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    shard.execute(() -> {
      inShardTask.set(true);
      seen.add("shard in-scheduler=" + shard.inScheduler() + " meta in-scheduler=" + meta.inScheduler());
      // what a shard group does when it asks the meta group for something (ProposalQueue.runOn)
      ProposalQueue.runOn(meta, () -> seen.add("meta ran inside shard task=" + inShardTask.get() + " meta in-scheduler=" + meta.inScheduler()));
      inShardTask.set(false);
    });
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("shard in-scheduler=true meta in-scheduler=false");
    assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("meta ran inside shard task=false meta in-scheduler=true");
    assertThat(shard.inScheduler()).isFalse();
  }

  @Test
  void aMessageAGroupSendsItselfArrivesAfterTheSendingTask() throws Exception {
    NodeTransport.GroupScheduler s = a.groupScheduler();
    Transport t = a.transportFor(SHARD, s);
    AtomicBoolean sending = new AtomicBoolean();
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    t.onMessage((from, msg) -> got.add(StandardCharsets.UTF_8.decode(msg) + " during send=" + sending.get()));
    s.execute(() -> {
      sending.set(true);
      t.send(A, text("to self"));
      sending.set(false);
    });
    assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("to self during send=false");
  }

  @Test
  void aFailingTaskStopsNothingAndTimersRun() throws Exception {
    NodeTransport.GroupScheduler s = a.groupScheduler();
    CountDownLatch after = new CountDownLatch(2);
    s.execute(() -> {
      throw new IllegalStateException("expected by the test");
    });
    s.execute(after::countDown);
    s.schedule(TimeUnit.MILLISECONDS.toNanos(20), after::countDown);
    assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aClosedGroupRunsNothingMoreWhileTheLoopServesTheOthers() throws Exception {
    NodeTransport.GroupScheduler closing = a.groupScheduler();
    NodeTransport.GroupScheduler other = a.groupScheduler();
    Transport closingT = a.transportFor(SHARD, closing);
    Transport otherT = a.transportFor(META, other);
    Transport sender = b.transportFor(SHARD, b.groupScheduler());
    Transport metaSender = b.transportFor(META, b.groupScheduler());
    AtomicInteger closedRuns = new AtomicInteger();
    closingT.onMessage((from, msg) -> closedRuns.incrementAndGet());
    BlockingQueue<String> otherGot = new LinkedBlockingQueue<>();
    otherT.onMessage((from, msg) -> otherGot.add(StandardCharsets.UTF_8.decode(msg).toString()));
    CountDownLatch timerGate = new CountDownLatch(1);
    closing.schedule(TimeUnit.MILLISECONDS.toNanos(200), closedRuns::incrementAndGet);
    closing.execute(() -> {
      try {
        timerGate.await(10, TimeUnit.SECONDS); // a task running while close() is called
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Thread closer = new Thread(closing::close);
    closer.start();
    Thread.sleep(50);
    assertThat(closer.isAlive()).as("close waits for the running task").isTrue();
    timerGate.countDown();
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    closing.execute(closedRuns::incrementAndGet);
    connect(sender, a, A);
    connect(metaSender, a, A);
    sender.send(A, text("to the closed group"));
    metaSender.send(A, text("to the open group"));
    assertThat(otherGot.poll(10, TimeUnit.SECONDS)).isEqualTo("to the open group");
    Thread.sleep(300); // past the closed group's timer
    CountDownLatch drained = new CountDownLatch(1);
    other.execute(drained::countDown);
    assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(closedRuns.get()).isZero();
  }
}
