package io.pacraft.server.compat;

import io.pacraft.server.RawConnection;
import io.pacraft.server.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real redis-server child process on an ephemeral port of 127.0.0.1, nothing persisted. */
final class RedisServerProcess implements AutoCloseable {
  private final Process process;
  private final Path dir;
  private final int port;

  private RedisServerProcess(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** True when a {@code redis-server} is on the PATH. */
  static boolean installed() {
    for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!p.isEmpty() && Files.isExecutable(Path.of(p, "redis-server"))) {
        return true;
      }
    }
    return false;
  }

  static RedisServerProcess start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("redis-reference");
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      Process p =
          new ProcessBuilder(
                  "redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                  "--appendonly", "no", "--dir", dir.toString(), "--loglevel", "warning")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && p.isAlive()) {
        try (RawConnection c = new RawConnection(port)) {
          c.call("PING");
          return new RedisServerProcess(p, dir, port);
        } catch (IOException e) {
          last = e;
          Thread.sleep(50);
        }
      }
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS); // port taken meanwhile, or a slow start: again
    }
    TestServer.deleteTree(dir);
    throw new IOException("redis-server did not start", last);
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    TestServer.deleteTree(dir);
  }
}
