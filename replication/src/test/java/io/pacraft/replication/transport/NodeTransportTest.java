package io.pacraft.replication.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.GroupId;
import io.pacraft.replication.Member;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.Transport;
import io.pacraft.replication.runtime.ThreadScheduler;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real sockets on 127.0.0.1, ephemeral ports. */
class NodeTransportTest {
  private static final NodeId A = NodeId.of("a".repeat(40));
  private static final NodeId B = NodeId.of("b".repeat(40));
  private static final GroupId META = GroupId.of("meta");
  private static final GroupId SHARD = GroupId.of("shard-1");
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    closeables.add(c);
    return c;
  }

  private NodeTransport start(NodeId id, InetSocketAddress bind, TransportOptions options) throws IOException {
    return closeLater(NodeTransport.start(id, bind, options));
  }

  private NodeTransport start(NodeId id) throws IOException {
    return start(id, ANY, TransportOptions.defaults().withReconnect(10, 200));
  }

  private record Received(NodeId from, String text, String thread) {}

  private static BlockingQueue<Received> receive(Transport t) {
    BlockingQueue<Received> q = new LinkedBlockingQueue<>();
    t.onMessage((from, msg) -> q.add(new Received(from, StandardCharsets.UTF_8.decode(msg).toString(), Thread.currentThread().getName())));
    return q;
  }

  private static ByteBuffer text(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String address(NodeTransport t) {
    return "127.0.0.1:" + t.localAddress().getPort();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (int i = 0; i < 4000 && System.nanoTime() < deadline; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  @Test
  void deliversInOrderOnTheGroupsScheduler() throws Exception {
    NodeTransport a = start(A);
    NodeTransport b = start(B);
    ThreadScheduler sa = closeLater(ThreadScheduler.start("group-a"));
    ThreadScheduler sb = closeLater(ThreadScheduler.start("group-b"));
    Transport ta = a.transportFor(SHARD, sa);
    Transport tb = b.transportFor(SHARD, sb);
    BlockingQueue<Received> got = new LinkedBlockingQueue<>();
    tb.onMessage((from, msg) -> got.add(new Received(from, StandardCharsets.UTF_8.decode(msg).toString(), Thread.currentThread().getName())));
    ta.updatePeers(List.of(new Member(B, address(b), true)));
    ByteBuffer reused = ByteBuffer.allocate(16);
    for (int i = 0; i < 1000; i++) {
      reused.clear();
      reused.put(("m" + i).getBytes(StandardCharsets.UTF_8)).flip();
      ta.send(B, reused);
    }
    for (int i = 0; i < 1000; i++) {
      Received r = got.poll(20, TimeUnit.SECONDS);
      assertThat(r).isNotNull();
      assertThat(r.text).isEqualTo("m" + i);
      assertThat(r.from).isEqualTo(A);
      assertThat(r.thread).isEqualTo("group-b");
    }
    PeerStats toB = a.stats().get(B);
    assertThat(toB.messagesSent()).isEqualTo(1000);
    assertThat(toB.messagesDropped()).isZero();
    assertThat(b.stats().get(A).messagesReceived()).isEqualTo(1000);
  }

  @Test
  void multiplexesGroupsAndDropsUnknownOnes() throws Exception {
    NodeTransport a = start(A);
    NodeTransport b = start(B);
    ThreadScheduler s = closeLater(ThreadScheduler.start("s"));
    Transport aMeta = a.transportFor(META, s);
    Transport aShard = a.transportFor(SHARD, s);
    Transport aOther = a.transportFor(GroupId.of("shard-9"), s);
    BlockingQueue<Received> meta = receive(b.transportFor(META, s));
    BlockingQueue<Received> shard = receive(b.transportFor(SHARD, s));
    a.setPeerAddress(B, address(b));
    aOther.send(B, text("nobody"));
    aMeta.send(B, text("to-meta"));
    aShard.send(B, text("to-shard"));
    assertThat(meta.poll(20, TimeUnit.SECONDS).text).isEqualTo("to-meta");
    assertThat(shard.poll(20, TimeUnit.SECONDS).text).isEqualTo("to-shard");
    await(() -> b.unknownGroupDrops() == 1, "the unknown group's message to be counted");
    assertThat(meta).isEmpty();
    assertThat(shard).isEmpty();
  }

  @Test
  void nodeMessagesBypassGroups() throws Exception {
    NodeTransport a = start(A);
    NodeTransport b = start(B);
    BlockingQueue<Received> got = new LinkedBlockingQueue<>();
    b.onNodeMessage(Runnable::run, (from, msg) -> got.add(new Received(from, StandardCharsets.UTF_8.decode(msg).toString(), "")));
    a.setPeerAddress(B, address(b));
    a.sendNodeMessage(B, text("gossip"));
    Received r = got.poll(20, TimeUnit.SECONDS);
    assertThat(r.text).isEqualTo("gossip");
    assertThat(r.from).isEqualTo(A);
  }

  @Test
  void messagesToPeersWithoutAnAddressAreDroppedAndCounted() throws Exception {
    NodeTransport a = start(A);
    Transport t = a.transportFor(SHARD, closeLater(ThreadScheduler.start("s")));
    t.send(B, text("lost"));
    assertThat(a.stats().get(B).messagesDropped()).isEqualTo(1);
  }

  @Test
  void reconnectsAfterThePeerRestarts() throws Exception {
    NodeTransport a = start(A);
    NodeTransport b1 = NodeTransport.start(B, ANY, TransportOptions.defaults());
    int port = b1.localAddress().getPort();
    ThreadScheduler s = closeLater(ThreadScheduler.start("s"));
    Transport ta = a.transportFor(SHARD, s);
    BlockingQueue<Received> first = receive(b1.transportFor(SHARD, s));
    a.setPeerAddress(B, "127.0.0.1:" + port);
    ta.send(B, text("before"));
    assertThat(first.poll(20, TimeUnit.SECONDS).text).isEqualTo("before");
    b1.close();

    NodeTransport b2 = start(B, new InetSocketAddress("127.0.0.1", port), TransportOptions.defaults());
    BlockingQueue<Received> second = receive(b2.transportFor(SHARD, s));
    Received r = null;
    for (int i = 0; i < 400 && r == null; i++) {
      ta.send(B, text("after"));
      r = second.poll(50, TimeUnit.MILLISECONDS);
    }
    assertThat(r).as("a message reaches the restarted peer: %s %s", a.stats(), b2.stats()).isNotNull();
    assertThat(r.text).isEqualTo("after");
    assertThat(a.stats().get(B).reconnects()).isGreaterThanOrEqualTo(1);
  }

  /** Writes a raw frame as FrameFormat lays it out, optionally damaged. */
  private static void writeFrame(DataOutputStream out, int version, int kind, byte[] body, boolean badCrc) throws IOException {
    CRC32C crc = new CRC32C();
    crc.update(body);
    out.writeInt(FrameFormat.PREAMBLE + body.length);
    out.writeByte(version);
    out.writeByte(kind);
    out.writeInt((int) crc.getValue() ^ (badCrc ? 1 : 0));
    out.write(body);
    out.flush();
  }

  private static byte[] hello(NodeId id) {
    byte[] b = id.id().getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[1 + b.length];
    out[0] = (byte) b.length;
    System.arraycopy(b, 0, out, 1, b.length);
    return out;
  }

  private static boolean closedByPeer(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Test
  void aBadChecksumOrVersionClosesThatConnectionOnly() throws Exception {
    NodeTransport a = start(A);
    NodeTransport b = start(B);
    ThreadScheduler s = closeLater(ThreadScheduler.start("s"));
    Transport ta = a.transportFor(SHARD, s);
    BlockingQueue<Received> got = receive(b.transportFor(SHARD, s));
    a.setPeerAddress(B, address(b));
    ta.send(B, text("one"));
    assertThat(got.poll(20, TimeUnit.SECONDS).text).isEqualTo("one");

    NodeId intruder = NodeId.of("c".repeat(40));
    try (Socket bad = new Socket("127.0.0.1", b.localAddress().getPort())) {
      DataOutputStream out = new DataOutputStream(bad.getOutputStream());
      writeFrame(out, 1, FrameFormat.HELLO, hello(intruder), false);
      writeFrame(out, 1, FrameFormat.NODE, "x".getBytes(StandardCharsets.UTF_8), true);
      assertThat(closedByPeer(bad)).isTrue();
    }
    try (Socket bad = new Socket("127.0.0.1", b.localAddress().getPort())) {
      writeFrame(new DataOutputStream(bad.getOutputStream()), 9, FrameFormat.HELLO, hello(intruder), false);
      assertThat(closedByPeer(bad)).isTrue();
    }
    assertThat(b.badFrames()).isEqualTo(2);
    ta.send(B, text("two"));
    assertThat(got.poll(20, TimeUnit.SECONDS).text).isEqualTo("two");
    assertThat(a.stats().get(B).reconnects()).isZero();
  }

  @Test
  void aPeerThatStopsReadingMakesUsDropInsteadOfQueueing() throws Exception {
    long bound = 64 * 1024;
    NodeTransport a = start(A, ANY, TransportOptions.defaults().withMaxQueuedBytesPerPeer(bound));
    try (ServerSocket sink = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      sink.setReceiveBufferSize(4096);
      sink.setSoTimeout(20_000);
      Transport ta = a.transportFor(SHARD, closeLater(ThreadScheduler.start("s")));
      a.setPeerAddress(B, "127.0.0.1:" + sink.getLocalPort());
      Socket accepted = null;
      ByteBuffer message = ByteBuffer.allocate(1024);
      int sent = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      // keep offering 1 KiB messages to a peer that accepts the connection and never reads
      while (a.stats().get(B) == null || a.stats().get(B).messagesDropped() < 1000) {
        if (sent >= 200_000 || System.nanoTime() > deadline) {
          throw new AssertionError("no drops after " + sent + " messages: " + a.stats().get(B));
        }
        ta.send(B, message.duplicate());
        sent++;
        if (accepted == null && sent == 1) {
          accepted = sink.accept();
        }
        if (sent % 256 == 0) {
          Thread.sleep(1);
        }
      }
      PeerStats stats = a.stats().get(B);
      assertThat(stats.queuedBytes()).isLessThanOrEqualTo(2 * bound + 2048);
      assertThat(stats.messagesSent()).isLessThan(sent);
      if (accepted != null) {
        accepted.close();
      }
    }
  }
}
