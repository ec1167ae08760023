package io.pacraft.jepsen.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bus proxy learns the sender from HELLO and cuts, delays and drops one direction of one link. */
class BusProxyTest {
  private ServerSocket upstream;
  private BusProxy proxy;
  private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
  private Thread acceptor;

  @BeforeEach
  void start() throws IOException {
    upstream = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!upstream.isClosed()) {
        try {
          Socket s = upstream.accept();
          Thread t = new Thread(() -> readFrames(s));
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
    // node 0's bus is the test's upstream; node 1 is never dialled
    proxy = new BusProxy(new int[] {upstream.getLocalPort(), 1}, 7);
    proxy.identify(1, "node-b");
    proxy.identify(0, "node-a");
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    upstream.close();
  }

  private void readFrames(Socket s) {
    try (DataInputStream in = new DataInputStream(s.getInputStream())) {
      while (true) {
        int len = in.readInt();
        byte[] body = new byte[len];
        in.readFully(body);
        if (body[1] == 1) {
          received.add("hello " + new String(body, 7, body[6] & 0xff, StandardCharsets.UTF_8));
        } else {
          received.add(new String(body, 6, len - 6, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      received.add("closed");
    }
  }

  /** A connection from {@code sender} to node 0 through the proxy, HELLO sent. */
  private DataOutputStream connect(String sender) throws IOException {
    String a = proxy.address(0);
    Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(a.substring(a.indexOf(':') + 1)));
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    byte[] id = sender.getBytes(StandardCharsets.UTF_8);
    out.writeInt(1 + 1 + 4 + 1 + id.length);
    out.writeByte(1);
    out.writeByte(1); // HELLO
    out.writeInt(0);
    out.writeByte(id.length);
    out.write(id);
    out.flush();
    return out;
  }

  private static void send(DataOutputStream out, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(6 + b.length);
    out.writeByte(1);
    out.writeByte(3); // NODE
    out.writeInt(0);
    out.write(b);
    out.flush();
  }

  private String next() throws InterruptedException {
    return received.poll(5, TimeUnit.SECONDS);
  }

  @Test
  void forwardsFramesAndLearnsTheSender() throws Exception {
    assertThat(BusProxy.helloSender(new byte[] {0, 0, 0, 8, 1, 1, 0, 0, 0, 0, 1, 'x'})).isEqualTo("x");
    DataOutputStream out = connect("node-b");
    send(out, "m1");
    send(out, "m2");
    assertThat(next()).isEqualTo("hello node-b");
    assertThat(next()).isEqualTo("m1");
    assertThat(next()).isEqualTo("m2");
  }

  @Test
  void cutClosesTheLinkAndRefusesNewConnectionsUntilHealed() throws Exception {
    DataOutputStream out = connect("node-b");
    send(out, "before");
    assertThat(next()).isEqualTo("hello node-b");
    assertThat(next()).isEqualTo("before");
    proxy.setCut(1, 0, true);
    assertThat(next()).isEqualTo("closed");
    DataOutputStream again = connect("node-b");
    try {
      send(again, "during");
    } catch (IOException refused) {
      // the proxy may already have closed the refused connection: the write then fails (broken pipe)
    }
    assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
    // the other direction, and other senders, are untouched
    assertThat(proxy.isCut(0, 1)).isFalse();
    proxy.healAll();
    DataOutputStream healed = connect("node-b");
    send(healed, "after");
    assertThat(next()).isEqualTo("hello node-b");
    assertThat(next()).isEqualTo("after");
  }

  @Test
  void dropsWholeFramesAndDelaysTheRest() throws Exception {
    DataOutputStream out = connect("node-b");
    assertThat(next()).isEqualTo("hello node-b");
    proxy.setDropRate(1, 0, 1.0);
    send(out, "lost");
    assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
    proxy.setDropRate(1, 0, 0);
    proxy.setDelay(1, 0, 300);
    long t0 = System.nanoTime();
    send(out, "late");
    assertThat(next()).isEqualTo("late");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(280);
  }
}
