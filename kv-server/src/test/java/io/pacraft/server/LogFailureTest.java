package io.pacraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.disk.FullDisk;
import io.pacraft.resp.RespValue;
import org.junit.jupiter.api.Test;

/**
 * A standalone node whose log disk fills up: what a Redis client sees, as with redis-server when
 * its append-only file cannot be written — writes refused with MISCONF, reads served, nothing lost.
 */
class LogFailureTest {
  @Test
  void writesAreRefusedWithMisconfReadsGoOnAndARestartServesEverythingAcknowledged() throws Exception {
    FullDisk[] disk = new FullDisk[1];
    try (TestServer server = TestServer.start(d -> disk[0] = new FullDisk(d))) {
      try (RawConnection c = new RawConnection(server.port())) {
        assertThat(c.call("SET", "kept", "1")).isEqualTo(RespValue.OK);
        assertThat(c.call("INFO", "persistence").toString()).contains("aof_last_write_status:ok");
      }
      disk[0].fill();
      try (RawConnection c = new RawConnection(server.port())) {
        // its sync fails: the write may or may not be on disk, so no answer claims either
        c.write(RawConnection.command("SET", "unknown", "2"));
        assertThat(c.closedByServer(10_000)).isTrue();
      }
      try (RawConnection c = new RawConnection(server.port())) {
        assertThat(c.call("SET", "refused", "3"))
            .isEqualTo(RespValue.error("MISCONF Errors writing to the AOF file: No space left on device"));
        assertThat(c.call("INCR", "kept"))
            .isEqualTo(RespValue.error("MISCONF Errors writing to the AOF file: No space left on device"));
        assertThat(c.call("GET", "kept")).isEqualTo(RespValue.bulk("1"));
        assertThat(c.call("EXISTS", "refused")).isEqualTo(RespValue.integer(0));
        assertThat(c.call("INFO", "persistence").toString()).contains("aof_last_write_status:err");
      }
      server.restart(); // on the working disk
      try (RawConnection c = new RawConnection(server.port())) {
        assertThat(c.call("GET", "kept")).isEqualTo(RespValue.bulk("1"));
        assertThat(c.call("EXISTS", "refused")).isEqualTo(RespValue.integer(0));
        assertThat(c.call("INCR", "kept")).isEqualTo(RespValue.integer(2));
        assertThat(c.call("INFO", "persistence").toString()).contains("aof_last_write_status:ok");
      }
    }
  }
}
