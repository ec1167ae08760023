package io.pacraft.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pacraft local}: runs pacraft on this machine as child processes, prints how to connect,
 * and stops them all on Ctrl-C or SIGTERM. Run again with the same --dir to resume.
 */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Starts pacraft on 127.0.0.1 as child processes and stops them all on Ctrl-C.",
      "Today this is one standalone node (durable, not replicated); replicated clusters",
      "(--nodes, --protocol) arrive with cluster mode."
    })
public final class LocalCommand implements Callable<Integer> {
  @Option(names = "--nodes", defaultValue = "1", description = "number of nodes (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--shards", defaultValue = "1", description = "number of shards (default ${DEFAULT-VALUE})")
  int shards;

  @Option(names = "--protocol", description = "replication protocol: raft or pacifica")
  String protocol;

  @Option(names = "--port", defaultValue = "7001", description = "first client port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--dir", defaultValue = "data/local", description = "data directory (default ${DEFAULT-VALUE})")
  Path dir;

  @Option(names = "--heap", defaultValue = "256m", description = "heap of each node's JVM (default ${DEFAULT-VALUE})")
  String heap;

  @Override
  public Integer call() throws Exception {
    if (nodes != 1 || shards != 1 || protocol != null) {
      System.err.println(
          "pacraft local: replicated clusters (--nodes, --shards, --protocol) need cluster mode, which this"
              + " build does not have yet; run without them for a standalone node");
      return 2;
    }
    Path nodeDir = dir.resolve("node-" + port);
    Files.createDirectories(nodeDir);
    List<Process> children = new ArrayList<>();
    CountDownLatch stopping = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.countDown();
                  stopAll(children);
                },
                "pacraft-local-stop"));
    Process p = startNode(nodeDir, port);
    children.add(p);
    if (!awaitPort(p, port, 60)) {
      System.err.println("pacraft local: the node did not start; see " + nodeDir.resolve("node.log"));
      stopAll(children);
      return 1;
    }
    System.out.println("pacraft is running: one standalone node on 127.0.0.1:" + port + " (data in " + nodeDir + ")");
    System.out.println("  connect:  redis-cli -p " + port);
    System.out.println("  log:      " + nodeDir.resolve("node.log"));
    System.out.println("Press Ctrl-C to stop.");
    int exit = p.waitFor();
    if (stopping.getCount() > 0) {
      System.err.println("pacraft local: the node exited with status " + exit + "; see " + nodeDir.resolve("node.log"));
      return 1;
    }
    return 0;
  }

  private Process startNode(Path nodeDir, int nodePort) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-jar");
    cmd.add(jarPath());
    cmd.add("server");
    cmd.add("--port");
    cmd.add(Integer.toString(nodePort));
    cmd.add("--dir");
    cmd.add(nodeDir.toString());
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("node.log").toFile()))
        .start();
  }

  /** The jar this command runs from. */
  static String jarPath() {
    try {
      return Path.of(LocalCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean awaitPort(Process p, int port, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline && p.isAlive()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return true;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    return false;
  }

  /** SIGTERM to every child (each finishes its in-flight writes), then wait. */
  private static void stopAll(List<Process> children) {
    for (Process c : children) {
      c.destroy();
    }
    for (Process c : children) {
      try {
        if (!c.waitFor(30, TimeUnit.SECONDS)) {
          c.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
