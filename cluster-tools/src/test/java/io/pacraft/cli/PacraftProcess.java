package io.pacraft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pacraft node as a real child JVM running the shaded jar, for multi-process tests: started with
 * a small heap, its output in a log file, stopped with SIGTERM or killed with SIGKILL.
 */
public final class PacraftProcess implements AutoCloseable {
  private final List<String> args;
  private final Path log;
  private final int port;
  private Process process;

  private PacraftProcess(int port, Path log, List<String> args) {
    this.port = port;
    this.log = log;
    this.args = args;
  }

  /** The shaded jar the build made (failsafe passes its path). */
  public static Path jar() {
    String p = System.getProperty("pacraft.jar");
    if (p == null) {
      throw new IllegalStateException("pacraft.jar system property not set: run as an integration test (mvn verify)");
    }
    return Path.of(p);
  }

  /** Starts {@code pacraft <args>} and waits until {@code port} answers PING. */
  public static PacraftProcess start(int port, Path log, String... args) throws IOException {
    PacraftProcess p = new PacraftProcess(port, log, List.of(args));
    p.launch();
    return p;
  }

  /** A free TCP port on 127.0.0.1 (and, by convention, port + 10000 for the bus). */
  public static int freePort() throws IOException {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        int port = s.getLocalPort();
        if (port + 10000 < 65536) {
          try (ServerSocket bus = new ServerSocket(port + 10000, 1, java.net.InetAddress.getLoopbackAddress())) {
            return port;
          } catch (IOException busy) {
            // try another
          }
        }
      }
    }
    throw new IOException("no free port pair found");
  }

  public void launch() throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(args);
    Files.createDirectories(log.getParent());
    process =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitPing(Duration.ofSeconds(60));
  }

  public int port() {
    return port;
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  /** Waits for PING to answer PONG; fails if the process dies or the time runs out. */
  public void awaitPing(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("pacraft exited with " + process.exitValue() + "; log: " + Files.readString(log));
      }
      if (pings()) {
        return;
      }
      sleep(100);
    }
    throw new IOException("pacraft did not answer on port " + port + " within " + timeout);
  }

  private boolean pings() {
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

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait for a clean exit. */
  public int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (alive()) {
      stop();
    }
  }
}
