package io.pacraft.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.resp.RespValue;
import io.pacraft.server.RawConnection;
import io.pacraft.server.SharedServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Many requests in one write: every reply comes back, in request order, each as if run alone in turn. */
class PipeliningTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer();



  @Test
  void tenThousandMixedRequestsInOneWrite() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      c.call("FLUSHALL");
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      List<RespValue> expected = new ArrayList<>();
      long counter = 0;
      // 100 blocks of 100 requests: writes, then reads of what the block wrote, then inline and echo
      for (int block = 0; block < 100; block++) {
        for (int j = 0; j < 40; j++) {
          batch.writeBytes(RawConnection.command("SET", "k" + block + ":" + j, "v" + block + ":" + j));
          expected.add(RespValue.OK);
        }
        for (int j = 0; j < 20; j++) {
          batch.writeBytes(RawConnection.command("INCR", "counter"));
          expected.add(RespValue.integer(++counter));
        }
        for (int j = 0; j < 20; j++) {
          int k = (j * 7) % 40;
          batch.writeBytes(RawConnection.command("GET", "k" + block + ":" + k));
          expected.add(RespValue.bulk("v" + block + ":" + k));
        }
        for (int j = 0; j < 10; j++) {
          batch.writeBytes("GET counter\r\n".getBytes(StandardCharsets.US_ASCII)); // inline, mixed in
          expected.add(RespValue.bulk(Long.toString(counter)));
        }
        for (int j = 0; j < 10; j++) {
          batch.writeBytes(RawConnection.command("ECHO", "e" + block + ":" + j));
          expected.add(RespValue.bulk("e" + block + ":" + j));
        }
      }
      c.write(batch.toByteArray());
      for (int i = 0; i < expected.size(); i++) {
        assertThat(c.read()).as("reply %d", i).isEqualTo(expected.get(i));
      }
      assertThat(c.call("DBSIZE")).isEqualTo(RespValue.integer(4001));
    }
  }

  @Test
  void aReadBetweenTwoWritesSeesOnlyTheFirst() throws Exception {
    try (RawConnection c = new RawConnection(server.port())) {
      for (int round = 0; round < 50; round++) {
        c.write(
            ProtocolErrorTest.concat(
                RawConnection.command("SET", "x", "first" + round),
                RawConnection.command("GET", "x"),
                RawConnection.command("SET", "x", "second" + round),
                RawConnection.command("MGET", "x", "x"),
                RawConnection.command("DEL", "x"),
                RawConnection.command("EXISTS", "x")));
        assertThat(c.read()).isEqualTo(RespValue.OK);
        assertThat(c.read()).isEqualTo(RespValue.bulk("first" + round));
        assertThat(c.read()).isEqualTo(RespValue.OK);
        assertThat(c.read()).isEqualTo(RespValue.array(RespValue.bulk("second" + round), RespValue.bulk("second" + round)));
        assertThat(c.read()).isEqualTo(RespValue.integer(1));
        assertThat(c.read()).isEqualTo(RespValue.integer(0));
      }
    }
  }

  @Test
  void pipelinesOfManyConnectionsDoNotMix() throws Exception {
    int clients = 8;
    List<RawConnection> conns = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        conns.add(new RawConnection(server.port()));
      }
      for (int i = 0; i < clients; i++) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int j = 0; j < 500; j++) {
          batch.writeBytes(RawConnection.command("INCR", "c" + i));
        }
        conns.get(i).write(batch.toByteArray());
      }
      for (int i = 0; i < clients; i++) {
        for (int j = 0; j < 500; j++) {
          assertThat(conns.get(i).read()).isEqualTo(RespValue.integer(j + 1));
        }
      }
    } finally {
      for (RawConnection c : conns) {
        c.close();
      }
    }
  }
}
