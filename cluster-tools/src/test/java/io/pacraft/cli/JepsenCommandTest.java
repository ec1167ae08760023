package io.pacraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.server.PacraftServer;
import io.pacraft.server.config.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad options end {@code pacraft jepsen} with status 2 before anything starts. */
class JepsenCommandTest {
  private static int run(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "jepsen";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.commandLine().execute(all);
  }

  @Test
  void rejectsUnknownWorkloadsNemesesAndFaultsAnExistingClusterCannotTake() {
    assertThat(run("--workload", "bank")).isEqualTo(2);
    assertThat(run("--nemesis", "kill,flood")).isEqualTo(2);
    assertThat(run("--hosts", "127.0.0.1:1", "--nemesis", "kill")).isEqualTo(2);
    assertThat(run("--nodes", "0")).isEqualTo(2);
    assertThat(run("--rate", "0")).isEqualTo(2);
  }

  /**
   * A standalone node answers CLUSTER INFO with "cluster support disabled" at once and forever: the
   * run ends with status 2 and says why, instead of waiting two minutes for a leader.
   */
  @Test
  void anExistingStandaloneNodeIsRefusedAtOnce(@TempDir Path dir) throws Exception {
    ServerConfig cfg = new ServerConfig(null);
    cfg.setAtStartup("port", "0");
    cfg.setAtStartup("dir", dir.resolve("node").toString());
    cfg.setAtStartup("rocksdb-block-cache-size", "16mb");
    PacraftServer server = PacraftServer.start(cfg);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.out;
    long start = System.nanoTime();
    int status;
    try {
      System.setOut(new java.io.PrintStream(out, true));
      status = run("--hosts", "127.0.0.1:" + server.port(), "--time-limit", "5", "--dir", dir.resolve("out").toString());
    } finally {
      System.setOut(saved);
      server.close();
    }
    assertThat(status).isEqualTo(2);
    assertThat(System.nanoTime() - start).as("no wait for a leader").isLessThan(60_000_000_000L);
    assertThat(out.toString()).contains("is a standalone node (started without --cluster)");
  }
}
