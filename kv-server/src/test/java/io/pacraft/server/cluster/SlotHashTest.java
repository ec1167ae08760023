package io.pacraft.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Redis Cluster's key slots: CRC16/XMODEM and hash tags, as redis-server computes them. */
class SlotHashTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void crc16IsXmodemAndSlotsAreRedisClusters() {
    assertThat(SlotHash.crc16(b("123456789"), 0, 9)).isEqualTo(0x31C3); // the check value of CRC16/XMODEM
    // redis-cli CLUSTER KEYSLOT against redis-server 7.2
    assertThat(SlotHash.slot(b("foo"))).isEqualTo(12182);
    assertThat(SlotHash.slot(b("bar"))).isEqualTo(5061);
    assertThat(SlotHash.slot(b("key:000000000000"))).isEqualTo(SlotHash.slot(b("key:000000000000")));
    assertThat(SlotHash.slot(b("{user1000}.following"))).isEqualTo(SlotHash.slot(b("user1000")));
    assertThat(SlotHash.slot(b("foo{}{bar}"))).isEqualTo(SlotHash.crc16(b("foo{}{bar}"), 0, 10) & 16383);
    assertThat(SlotHash.slot(b("foo{{bar}}zap"))).isEqualTo(SlotHash.slot(b("{bar")));
  }

  @Test
  void eightBytesAtAStepEqualsTheBitwiseDefinition() {
    Random r = new Random(7);
    for (int n = 0; n < 2_000; n++) {
      byte[] key = new byte[r.nextInt(80)];
      r.nextBytes(key);
      int from = key.length == 0 ? 0 : r.nextInt(key.length);
      int to = from + (key.length == from ? 0 : r.nextInt(key.length - from + 1));
      assertThat(SlotHash.crc16(key, from, to)).as("length %d from %d to %d", key.length, from, to).isEqualTo(bitwise(key, from, to));
    }
  }

  /** CRC16/XMODEM bit by bit from its polynomial (0x1021, no reflection, initial 0): the oracle. */
  private static int bitwise(byte[] b, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc ^= (b[i] & 0xFF) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      crc &= 0xFFFF;
    }
    return crc;
  }
}
