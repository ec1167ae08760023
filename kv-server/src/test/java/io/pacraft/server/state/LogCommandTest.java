package io.pacraft.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogCommandTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void transactionRoundTripsWithItsWatches() {
    LogCommand t = LogCommand.transaction(123, 456,
        List.of(new byte[][] {b("SET"), b("k"), b("v")}, new byte[][] {b("INCR"), b("n")}),
        List.of(new LogCommand.Watch(b("k"), 10, 1000), new LogCommand.Watch(new byte[0], 11, 1001)));
    LogCommand d = LogCommand.decode(ByteBuffer.wrap(t.encode()));
    assertThat(d.kind()).isEqualTo(LogCommand.TRANSACTION);
    assertThat(d.time()).isEqualTo(123);
    assertThat(d.seed()).isEqualTo(456);
    assertThat(d.commands()).hasSize(2);
    assertThat(Arrays.equals(d.commands().get(1)[1], b("n"))).isTrue();
    assertThat(d.watches()).hasSize(2);
    assertThat(d.watches().get(0).key()).isEqualTo(b("k"));
    assertThat(d.watches().get(0).index()).isEqualTo(10);
    assertThat(d.watches().get(1).time()).isEqualTo(1001);
  }

  @Test
  void truncatedTransactionIsRejected() {
    byte[] full = LogCommand.transaction(1, 2, List.<byte[][]>of(new byte[][] {b("PING")}),
        List.of(new LogCommand.Watch(b("key"), 1, 2))).encode();
    byte[] cut = Arrays.copyOf(full, full.length - 9);
    assertThatThrownBy(() -> LogCommand.decode(ByteBuffer.wrap(cut))).isInstanceOf(RuntimeException.class);
  }
}
