package io.pacraft.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.resp.RespValue;
import io.pacraft.server.PacraftServer;
import io.pacraft.server.RawConnection;
import io.pacraft.server.TestServer;
import io.pacraft.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SHUTDOWN and CONFIG REWRITE, each on a server of its own. */
class ServerLifecycleTest {

  @Test
  void shutdownClosesCleanlyAndKeepsTheData() throws Exception {
    try (TestServer s = TestServer.start()) {
      try (RawConnection c = new RawConnection(s.port())) {
        assertThat(c.call("SET", "k", "v")).isEqualTo(RespValue.OK);
        assertThat(c.call("SHUTDOWN", "bogus")).isEqualTo(RespValue.error("ERR syntax error"));
        assertThat(c.call("SHUTDOWN", "ABORT")).isEqualTo(RespValue.error("ERR No shutdown in progress."));
        c.write(RawConnection.command("SHUTDOWN", "NOSAVE"));
        assertThat(c.closedByServer(10_000)).isTrue(); // no reply: the connection just closes
      }
      PacraftServer stopped = s.server();
      CompletableFuture.runAsync(
              () -> {
                try {
                  stopped.awaitClosed();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              })
          .get(20, TimeUnit.SECONDS);
      s.restart();
      try (RawConnection c = new RawConnection(s.port())) {
        assertThat(c.call("GET", "k")).isEqualTo(RespValue.bulk("v"));
      }
    }
  }

  @Test
  void configRewriteKeepsCommentsAndWritesChanges(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pacraft.conf");
    Files.writeString(file, "# my settings\nmaxclients 100\n\n# slow log\nslowlog-max-len 64\n", StandardCharsets.UTF_8);
    ServerConfig cfg = ServerConfig.load(file);
    cfg.setAtStartup("port", "0");
    cfg.setAtStartup("dir", dir.resolve("data").toString());
    cfg.setAtStartup("rocksdb-block-cache-size", "16mb");
    try (PacraftServer server = PacraftServer.start(cfg); RawConnection c = new RawConnection(server.port())) {
      assertThat(c.call("CONFIG", "GET", "maxclients")).isEqualTo(new RespValue.Array(List.of(RespValue.bulk("maxclients"), RespValue.bulk("100"))));
      assertThat(c.call("CONFIG", "SET", "maxclients", "77", "timeout", "5")).isEqualTo(RespValue.OK);
      assertThat(c.call("CONFIG", "REWRITE")).isEqualTo(RespValue.OK);
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertThat(lines).containsSubsequence("# my settings", "maxclients 77", "# slow log", "slowlog-max-len 64").contains("timeout 5");
      // the file reads back with the new value
      assertThat(ServerConfig.load(file).get("maxclients")).isEqualTo("77");
    }
  }
}
