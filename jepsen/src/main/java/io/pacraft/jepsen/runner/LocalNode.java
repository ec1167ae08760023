package io.pacraft.jepsen.runner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One node of a local cluster: a child JVM running {@code pacraft server --cluster} from the jar,
 * its output appended to {@code node.log}. The nemeses kill it (SIGKILL), pause it (SIGSTOP /
 * SIGCONT), restart it from its data, or wipe its data.
 */
public final class LocalNode {
  private final int port;
  private final Path home;
  private final Path jar;
  private final String protocol;
  private final String heap;
  private Process process;
  private boolean paused;

  public LocalNode(int port, Path home, Path jar, String protocol, String heap) {
    this.port = port;
    this.home = home;
    this.jar = jar;
    this.protocol = protocol;
    this.heap = heap;
  }

  public int port() {
    return port;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  public Path log() {
    return home.resolve("node.log");
  }

  public Path dataDir() {
    return home.resolve("data");
  }

  public synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  public synchronized boolean paused() {
    return paused;
  }

  /** Starts the process and waits until it answers PING. */
  public void start(int waitSeconds) throws IOException {
    synchronized (this) {
      Files.createDirectories(dataDir());
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx" + heap);
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-jar");
      cmd.add(jar.toString());
      cmd.addAll(List.of("server", "--cluster", "--protocol", protocol, "--port", Integer.toString(port),
          "--dir", dataDir().toString(), "--config-set", "rocksdb-block-cache-size=16mb",
          "--config-set", "io-threads=1"));
      Files.writeString(log(), "=== start " + java.time.Instant.now() + "\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      process = new ProcessBuilder(cmd)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
          .start();
      paused = false;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
    while (System.nanoTime() < deadline) {
      Process p;
      synchronized (this) {
        p = process;
      }
      if (!p.isAlive()) {
        throw new IOException("node " + port + " exited with " + p.exitValue() + "; see " + log());
      }
      if (pings(port)) {
        return;
      }
      sleep(100);
    }
    throw new IOException("node " + port + " did not answer PING within " + waitSeconds + " s; see " + log());
  }

  /** SIGKILL: nothing is flushed, no shutdown hook runs. */
  public void kill9() {
    Process p = runningProcess();
    if (p != null) {
      p.destroyForcibly();
      awaitExit(p, 30);
    }
  }

  /** The process, resumed first if it was paused (a frozen process cannot act on SIGTERM); null if never started. */
  private synchronized Process runningProcess() {
    resume();
    return process;
  }

  private static boolean awaitExit(Process p, int seconds) {
    try {
      return p.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGSTOP: the process stays, frozen, its sockets open. */
  public synchronized void pause() {
    if (alive() && !paused) {
      signal(process, "STOP");
      paused = true;
    }
  }

  /** SIGCONT. */
  public synchronized void resume() {
    if (process != null && paused) {
      signal(process, "CONT");
      paused = false;
    }
  }

  /** SIGTERM and wait (a clean shutdown); SIGKILL if it hangs. */
  public void stop() {
    Process p = runningProcess();
    if (p == null) {
      return;
    }
    p.destroy();
    if (!awaitExit(p, 20)) {
      p.destroyForcibly();
      awaitExit(p, 10);
    }
  }

  /** Deletes the node's data (the process must be down). */
  public void wipe() throws IOException {
    if (alive()) {
      throw new IllegalStateException("wipe of a running node " + port);
    }
    deleteTree(dataDir());
  }

  /** Deletes a directory tree, if it exists. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void signal(Process p, String sig) {
    try {
      Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).redirectErrorStream(true).start();
      k.getInputStream().readAllBytes();
      k.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("kill -" + sig + " " + p.pid(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True when {@code port} on 127.0.0.1 answers PING with PONG. */
  public static boolean pings(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.readNBytes(buf, 0, 7);
      return n == 7 && new String(buf, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
