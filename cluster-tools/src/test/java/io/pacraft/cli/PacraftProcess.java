package io.pacraft.cli;

import java.io.IOException;
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
    return io.pacraft.jepsen.runner.LocalCluster.freePortPair();
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
      if (io.pacraft.jepsen.runner.LocalNode.pings(port)) {
        return;
      }
      sleep(100);
    }
    throw new IOException("pacraft did not answer on port " + port + " within " + timeout);
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
