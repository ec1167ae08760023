package io.pacraft.jepsen.runner;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The fault-injection layer of the cluster bus, without root: one TCP proxy in front of each node's
 * bus port. The cluster map tells every node to reach node {@code j}'s bus at proxy {@code j}; the
 * proxy reads the HELLO frame each connection starts with (see docs/transport.md) to learn the
 * sender {@code i}, so it controls the link {@code i → j} alone, in that direction alone: cut it
 * (connections closed, new ones closed after their HELLO), delay every frame by a fixed time, or
 * drop a share of whole frames (the receiver sees a lost message, never a torn one).
 *
 * <p>A node sends on connections it opens and receives on those it accepts, so a link's traffic
 * flows one way: cutting {@code i → j} leaves {@code j → i} alone (a one-way partition).
 */
public final class BusProxy implements AutoCloseable {
  private static final int MAX_FRAME = 64 << 20;
  private final int n;
  private final int[] upstreamPorts;
  private final ServerSocket[] listeners;
  private final Map<String, Integer> senders = new ConcurrentHashMap<>();
  private final boolean[][] cut;
  private final long[][] delayNanos;
  private final double[][] dropRate;
  private final List<List<Link>> active = new ArrayList<>();
  private final Random random;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  /** Proxies for nodes whose buses listen on {@code upstreamPorts} (127.0.0.1), on free ports. */
  public BusProxy(int[] upstreamPorts, long seed) throws IOException {
    this.n = upstreamPorts.length;
    this.upstreamPorts = upstreamPorts.clone();
    this.listeners = new ServerSocket[n];
    this.cut = new boolean[n][n];
    this.delayNanos = new long[n][n];
    this.dropRate = new double[n][n];
    this.random = new Random(seed);
    for (int j = 0; j < n * n; j++) {
      active.add(new ArrayList<>());
    }
    for (int j = 0; j < n; j++) {
      listeners[j] = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      int to = j;
      Thread t = new Thread(() -> acceptLoop(to), "bus-proxy-" + j);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /** Where peers must reach node {@code j}'s bus. */
  public String address(int j) {
    return "127.0.0.1:" + listeners[j].getLocalPort();
  }

  /** Names the node that runs at index {@code i} now (its id, as its HELLO says). */
  public void identify(int i, String nodeId) {
    senders.values().remove(i);
    senders.put(nodeId, i);
  }

  /** Cuts or restores {@code from → to}; cutting closes that link's open connections. */
  public void setCut(int from, int to, boolean isCut) {
    List<Link> toClose;
    synchronized (this) {
      cut[from][to] = isCut;
      toClose = isCut ? new ArrayList<>(active.get(from * n + to)) : List.of();
    }
    toClose.forEach(Link::close);
  }

  /** Delays every frame of {@code from → to} by {@code millis}. */
  public synchronized void setDelay(int from, int to, long millis) {
    delayNanos[from][to] = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  /** Drops a share of {@code from → to}'s frames (0 to 1). */
  public synchronized void setDropRate(int from, int to, double rate) {
    dropRate[from][to] = rate;
  }

  /** Every link up, undelayed, lossless. */
  public synchronized void healAll() {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        cut[i][j] = false;
        delayNanos[i][j] = 0;
        dropRate[i][j] = 0;
      }
    }
  }

  /** Whether {@code from → to} is cut now. */
  public synchronized boolean isCut(int from, int to) {
    return cut[from][to];
  }

  private synchronized boolean dropNow(int from, int to) {
    return dropRate[from][to] > 0 && random.nextDouble() < dropRate[from][to];
  }

  private synchronized long delay(int from, int to) {
    return delayNanos[from][to];
  }

  private void acceptLoop(int to) {
    while (!closed) {
      try {
        Socket s = listeners[to].accept();
        Thread t = new Thread(() -> serve(s, to), "bus-link-" + to);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  /** One inbound connection to node {@code to}: HELLO first, then frames one by one. */
  private void serve(Socket in, int to) {
    Link link = null;
    try {
      in.setTcpNoDelay(true);
      DataInputStream din = new DataInputStream(new BufferedInputStream(in.getInputStream()));
      byte[] hello = readFrame(din);
      if (hello == null) {
        in.close();
        return;
      }
      Integer from = senders.get(helloSender(hello));
      if (from != null && isCut(from, to)) {
        in.close();
        return;
      }
      Socket up = new Socket();
      up.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPorts[to]), 2000);
      up.setTcpNoDelay(true);
      link = new Link(in, up, from == null ? -1 : from, to);
      if (!link.register()) {
        link.close();
        return;
      }
      link.queue.put(new Frame(hello, System.nanoTime()));
      Link l = link;
      Thread writer = new Thread(l::writeLoop, "bus-link-write-" + to);
      writer.setDaemon(true);
      writer.start();
      Thread back = new Thread(l::drainBack, "bus-link-back-" + to);
      back.setDaemon(true);
      back.start();
      while (!closed) {
        byte[] f = readFrame(din);
        if (f == null) {
          break;
        }
        if (l.from >= 0 && dropNow(l.from, to)) {
          continue;
        }
        l.queue.put(new Frame(f, System.nanoTime()));
      }
    } catch (IOException | InterruptedException e) {
      // the connection ends; the sender reconnects
    } finally {
      if (link != null) {
        link.close();
      } else {
        try {
          in.close();
        } catch (IOException ignored) {
          // closing
        }
      }
    }
  }

  /** A whole frame with its length prefix, or null at end of stream. */
  private static byte[] readFrame(DataInputStream in) throws IOException {
    int len;
    try {
      len = in.readInt();
    } catch (java.io.EOFException e) {
      return null;
    }
    if (len < 0 || len > MAX_FRAME) {
      throw new IOException("bad frame length " + len);
    }
    byte[] f = new byte[4 + len];
    f[0] = (byte) (len >>> 24);
    f[1] = (byte) (len >>> 16);
    f[2] = (byte) (len >>> 8);
    f[3] = (byte) len;
    in.readFully(f, 4, len);
    return f;
  }

  /** The node id a HELLO frame names: length, version, kind, crc, then u8 n and n bytes. */
  static String helloSender(byte[] frame) throws IOException {
    if (frame.length < 11 || frame[5] != 1) {
      throw new IOException("first frame is not a HELLO");
    }
    int idLen = frame[10] & 0xff;
    if (11 + idLen > frame.length) {
      throw new IOException("short HELLO");
    }
    return new String(frame, 11, idLen, StandardCharsets.UTF_8);
  }

  private record Frame(byte[] bytes, long arrived) {}

  /** One proxied connection {@code from → to}. */
  private final class Link {
    final Socket in;
    final Socket up;
    final int from;
    final int to;
    final LinkedBlockingQueue<Frame> queue = new LinkedBlockingQueue<>(4096);
    volatile boolean done;

    Link(Socket in, Socket up, int from, int to) {
      this.in = in;
      this.up = up;
      this.from = from;
      this.to = to;
    }

    /** Adds this link to the active ones, unless it is cut (then the caller closes it). */
    boolean register() {
      synchronized (BusProxy.this) {
        if (from >= 0 && cut[from][to]) {
          return false;
        }
        if (from >= 0) {
          active.get(from * n + to).add(this);
        }
        return true;
      }
    }

    void writeLoop() {
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(up.getOutputStream()))) {
        while (!done) {
          Frame f = queue.poll(200, TimeUnit.MILLISECONDS);
          if (f == null) {
            continue;
          }
          long wait = from >= 0 ? f.arrived + delay(from, to) - System.nanoTime() : 0;
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          out.write(f.bytes);
          if (queue.isEmpty()) {
            out.flush();
          }
        }
      } catch (IOException | InterruptedException e) {
        // closed
      } finally {
        close();
      }
    }

    /** Reads (and discards) whatever the receiver sends back, so the connection never stalls. */
    void drainBack() {
      try {
        InputStream r = up.getInputStream();
        byte[] buf = new byte[4096];
        while (r.read(buf) >= 0) {
          // nothing flows back on a bus connection
        }
      } catch (IOException e) {
        // closed
      } finally {
        close();
      }
    }

    void close() {
      done = true;
      synchronized (BusProxy.this) {
        if (from >= 0) {
          active.get(from * n + to).remove(this);
        }
      }
      try {
        in.close();
      } catch (IOException ignored) {
        // closing
      }
      try {
        up.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    for (ServerSocket s : listeners) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    List<Link> all = new ArrayList<>();
    synchronized (this) {
      active.forEach(all::addAll);
    }
    all.forEach(Link::close);
  }
}
