package io.pacraft.cli;

import io.pacraft.cli.admin.ClusterCreate;
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
 * {@code pacraft local}: a whole cluster on 127.0.0.1 as child processes (small heaps), created on
 * first run and resumed from the same --dir afterwards; Ctrl-C or SIGTERM stops every node cleanly.
 */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a pacraft cluster on 127.0.0.1 as child processes, creates it on first run",
      "(resumes it from --dir afterwards), prints how to connect, and stops every node on Ctrl-C."
    })
public final class LocalCommand implements Callable<Integer> {
  @Option(names = "--nodes", defaultValue = "3", description = "number of nodes (default ${DEFAULT-VALUE})")
  int nodes;

  @Option(names = "--shards", defaultValue = "1", description = "number of shards (default ${DEFAULT-VALUE})")
  int shards;

  @Option(names = "--protocol", defaultValue = "raft", description = "replication protocol: raft or pacifica (default ${DEFAULT-VALUE})")
  String protocol;

  @Option(names = "--port", defaultValue = "7001", description = "first client port; node i listens on port + i (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--dir", defaultValue = "data/local", description = "data directory (default ${DEFAULT-VALUE})")
  Path dir;

  @Option(names = "--heap", defaultValue = "256m", description = "heap of each node's JVM (default ${DEFAULT-VALUE})")
  String heap;

  @Override
  public Integer call() throws Exception {
    if (shards != 1) {
      System.err.println("pacraft local: this build runs one shard (several shards come with slot migration)");
      return 2;
    }
    if (nodes < 1 || nodes > 9) {
      System.err.println("pacraft local: --nodes must be between 1 and 9");
      return 2;
    }
    if (!protocol.equals("raft") && !protocol.equals("pacifica")) {
      System.err.println("pacraft local: --protocol must be raft or pacifica");
      return 2;
    }
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
    List<String> addresses = new ArrayList<>();
    boolean created = false;
    for (int i = 0; i < nodes; i++) {
      int p = port + i;
      Path nodeDir = dir.resolve("node-" + p);
      Files.createDirectories(nodeDir);
      created |= Files.exists(nodeDir.resolve("cluster-state"));
      children.add(startNode(nodeDir, p));
      addresses.add("127.0.0.1:" + p);
    }
    for (int i = 0; i < nodes; i++) {
      if (!awaitPort(children.get(i), port + i, 120)) {
        System.err.println("pacraft local: node " + (port + i) + " did not start; see " + dir.resolve("node-" + (port + i)).resolve("node.log"));
        stopAll(children);
        return 1;
      }
    }
    try {
      if (!created) {
        ClusterCreate.create(addresses, protocol, System.out, 60);
      } else {
        System.out.println("Resuming the cluster in " + dir);
        ClusterCreate.awaitLeader(addresses, System.out, 60);
      }
    } catch (IOException e) {
      System.err.println("pacraft local: " + e.getMessage());
      stopAll(children);
      return 1;
    }
    System.out.println();
    System.out.println("pacraft is running: " + nodes + " " + protocol + " node(s) on 127.0.0.1:" + port + "-" + (port + nodes - 1) + " (data in " + dir + ")");
    System.out.println("  connect:  redis-cli -c -p " + port);
    System.out.println("  status:   ./pacraft cluster status 127.0.0.1:" + port);
    System.out.println("  logs:     " + dir + "/node-*/node.log");
    System.out.println("Press Ctrl-C to stop.");
    while (stopping.getCount() > 0) {
      for (int i = 0; i < children.size(); i++) {
        Process c = children.get(i);
        if (!c.isAlive() && stopping.getCount() > 0) {
          System.err.println("pacraft local: node " + (port + i) + " exited with status " + c.exitValue() + "; see its node.log");
          children.set(i, c); // keep the dead process; the others keep serving
        }
      }
      if (children.stream().noneMatch(Process::isAlive)) {
        return stopping.getCount() > 0 ? 1 : 0;
      }
      stopping.await(1, TimeUnit.SECONDS);
    }
    return 0;
  }

  private Process startNode(Path nodeDir, int nodePort) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-jar");
    cmd.add(jarPath());
    cmd.add("server");
    cmd.add("--cluster");
    cmd.add("--protocol");
    cmd.add(protocol);
    cmd.add("--port");
    cmd.add(Integer.toString(nodePort));
    cmd.add("--dir");
    cmd.add(nodeDir.toString());
    cmd.add("--config-set");
    cmd.add("rocksdb-block-cache-size=32mb");
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
