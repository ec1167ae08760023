package io.pacraft.cli;

import io.pacraft.cli.admin.ClusterAdmin;
import io.pacraft.cli.admin.ClusterCreate;
import io.pacraft.server.cluster.ClusterNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cluster of real pacraft processes on 127.0.0.1 for integration tests: started, created with
 * {@code pacraft cluster create}'s code, and driven with the admin operations. Closing it stops
 * every node.
 */
public final class TestCluster implements AutoCloseable {
  private final Path dir;
  private final String protocol;
  private final String settings;
  private final List<PacraftProcess> nodes = new ArrayList<>();
  private final ByteArrayOutputStream adminOutput = new ByteArrayOutputStream();
  private final PrintStream admin = new PrintStream(adminOutput, true);

  private TestCluster(Path dir, String protocol, String settings) {
    this.dir = dir;
    this.protocol = protocol;
    this.settings = settings;
  }

  /** Starts {@code n} nodes and creates the cluster. */
  public static TestCluster start(Path dir, String protocol, int n, String settings) throws IOException {
    TestCluster c = new TestCluster(dir, protocol, settings);
    try {
      for (int i = 0; i < n; i++) {
        c.nodes.add(c.launch(PacraftProcess.freePort()));
      }
      ClusterCreate.create(c.addresses(), protocol, c.admin, 60);
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Starts a cluster-enabled node that belongs to no cluster yet. */
  public PacraftProcess launch(int port) throws IOException {
    Path nodeDir = dir.resolve("node-" + port);
    Files.createDirectories(nodeDir);
    List<String> args = new ArrayList<>(List.of(
        "server", "--cluster", "--protocol", protocol, "--port", Integer.toString(port), "--dir", nodeDir.toString(),
        "--config-set", "rocksdb-block-cache-size=16mb", "--config-set", "io-threads=1"));
    if (!settings.isEmpty()) {
      args.add("--config-set");
      args.add("replication-settings=" + settings);
    }
    return PacraftProcess.start(port, nodeDir.resolve("node.log"), args.toArray(String[]::new));
  }

  /** Adds a started node to the list this cluster stops on close. */
  public void own(PacraftProcess p) {
    nodes.add(p);
  }

  public List<PacraftProcess> nodes() {
    return nodes;
  }

  public List<String> addresses() {
    List<String> a = new ArrayList<>();
    for (PacraftProcess p : nodes) {
      if (p.alive()) {
        a.add("127.0.0.1:" + p.port());
      }
    }
    return a;
  }

  public ClusterAdmin admin() {
    return new ClusterAdmin(addresses().get(0), admin);
  }

  /** The process of the current shard leader. */
  public PacraftProcess leader() throws IOException {
    ClusterAdmin a = admin();
    Optional<ClusterNode> l = a.leader(a.map(), false);
    ClusterNode n = l.orElseThrow(() -> new IOException("no leader"));
    return byPort(n.port());
  }

  public PacraftProcess byPort(int port) {
    for (PacraftProcess p : nodes) {
      if (p.port() == port) {
        return p;
      }
    }
    throw new IllegalArgumentException("no node on port " + port);
  }

  /** What the admin operations printed (progress, decisions), for failure messages. */
  public String adminLog() {
    return adminOutput.toString();
  }

  @Override
  public void close() {
    for (PacraftProcess p : nodes) {
      try {
        p.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
