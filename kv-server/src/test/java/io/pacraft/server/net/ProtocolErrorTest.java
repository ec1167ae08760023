package io.pacraft.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.resp.RespValue;
import io.pacraft.server.RawConnection;
import io.pacraft.server.SharedServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each protocol error over a plain socket: the replies to the requests before it, then {@code
 * -ERR Protocol error: <text>}, then that connection closes, while another connection open at the
 * same time keeps working on intact data.
 */
class ProtocolErrorTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer();



  @BeforeEach
  void flush() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      assertThat(c.call("FLUSHALL")).isEqualTo(RespValue.OK);
      assertThat(c.call("SET", "intact", "yes")).isEqualTo(RespValue.OK);
    }
  }

  static Stream<Arguments> violations() {
    String tooLong = "A".repeat(64 * 1024 + 10);
    return Stream.of(
        Arguments.of("*abc\r\n", "invalid multibulk length"),
        Arguments.of("*+1\r\n$4\r\nPING\r\n", "invalid multibulk length"),
        Arguments.of("*1\r\n$abc\r\n", "invalid bulk length"),
        Arguments.of("*1\r\n$-1\r\n", "invalid bulk length"),
        Arguments.of("*1\r\n$536870913\r\n", "invalid bulk length"),
        Arguments.of("*1\r\nfoo\r\n", "expected '$', got 'f'"),
        Arguments.of("*2\r\n$4\r\nECHO\r\n:1\r\n", "expected '$', got ':'"),
        Arguments.of(tooLong, "too big inline request"),
        Arguments.of("*" + "1".repeat(70_000), "too big mbulk count string"),
        Arguments.of("*1\r\n$" + "1".repeat(70_000), "too big bulk count string"),
        Arguments.of("SET \"foo bar\r\n", "unbalanced quotes in request"),
        Arguments.of("SET 'a'b\r\n", "unbalanced quotes in request"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("violations")
  void repliesThenTheErrorThenCloses(String bad, String text) throws Exception {
    try (RawConnection bystander = new RawConnection(server.port());
        RawConnection c = new RawConnection(server.port())) {
      assertThat(bystander.call("PING")).isEqualTo(RespValue.PONG);
      byte[] good = concat(RawConnection.command("SET", "before", "1"), "PING\r\n".getBytes(StandardCharsets.US_ASCII), RawConnection.command("GET", "before"));
      c.write(concat(good, bad.getBytes(StandardCharsets.ISO_8859_1)));
      assertThat(c.read()).isEqualTo(RespValue.OK);
      assertThat(c.read()).isEqualTo(RespValue.PONG);
      assertThat(c.read()).isEqualTo(RespValue.bulk("1"));
      assertThat(c.read()).isEqualTo(RespValue.error("ERR Protocol error: " + text));
      assertThat(c.closedByServer(5000)).isTrue();

      assertThat(bystander.call("GET", "before")).isEqualTo(RespValue.bulk("1"));
      assertThat(bystander.call("GET", "intact")).isEqualTo(RespValue.bulk("yes"));
      assertThat(bystander.call("DBSIZE")).isEqualTo(RespValue.integer(2));
    }
  }

  @Test
  void bulkOverProtoMaxBulkLen() throws Exception {
    try (RawConnection admin = new RawConnection(server.port())) {
      assertThat(admin.call("CONFIG", "SET", "proto-max-bulk-len", "1mb")).isEqualTo(RespValue.OK);
      try (RawConnection c = new RawConnection(server.port())) {
        byte[] fits = new byte[1024 * 1024];
        assertThat(c.call("SET".getBytes(StandardCharsets.US_ASCII), "big".getBytes(StandardCharsets.US_ASCII), fits)).isEqualTo(RespValue.OK);
        c.write("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$1048577\r\n");
        assertThat(c.read()).isEqualTo(RespValue.error("ERR Protocol error: invalid bulk length"));
        assertThat(c.closedByServer(5000)).isTrue();
      }
      assertThat(admin.call("STRLEN", "big")).isEqualTo(RespValue.integer(1024 * 1024));
    } finally {
      try (RawConnection admin = new RawConnection(server.port())) {
        admin.call("CONFIG", "SET", "proto-max-bulk-len", "512mb");
      }
    }
  }

  @Test
  void harmlessOddities() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      // empty lines and *0 / negative counts are skipped; LF alone ends an inline command
      c.write("\r\n\r\n*0\r\n*-5\r\nPING\nECHO \"a\\x41\\n\" 'b c'\r\n");
      assertThat(c.read()).isEqualTo(RespValue.PONG);
      assertThat(c.read()).isEqualTo(RespValue.error("ERR wrong number of arguments for 'echo' command"));
      c.write("ECHO \"a\\x41\\n\\\"\"\r\n");
      assertThat(c.read()).isEqualTo(RespValue.bulk("aA\n\""));
      c.write("+PING\r\n");
      assertThat(c.read()).isEqualTo(RespValue.error("ERR unknown command '+PING', with args beginning with: "));
      assertThat(c.call("PING")).isEqualTo(RespValue.PONG);
    }
  }

  @Test
  void aRequestSplitAtEveryByteStillWorks() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      byte[] req = concat(RawConnection.command("SET", "split", "v".repeat(100)), RawConnection.command("GET", "split"), "ECHO inline\r\n".getBytes(StandardCharsets.US_ASCII));
      for (byte b : req) {
        c.write(new byte[] {b});
      }
      assertThat(c.read()).isEqualTo(RespValue.OK);
      assertThat(c.read()).isEqualTo(RespValue.bulk("v".repeat(100)));
      assertThat(c.read()).isEqualTo(RespValue.bulk("inline"));
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
