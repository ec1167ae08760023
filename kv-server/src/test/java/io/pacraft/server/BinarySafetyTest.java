package io.pacraft.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.pacraft.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys and values made of any bytes (NUL, 0xFF, invalid UTF-8, CR LF, every byte value) round-trip through the string and key commands. */
@ParameterizedClass(name = "RESP{0}")
@ValueSource(ints = {2, 3})
class BinarySafetyTest {
  @RegisterExtension
  static final SharedServer server = new SharedServer();

  @Parameter int protocol;

  StatefulRedisConnection<byte[], byte[]> connection;
  RedisCommands<byte[], byte[]> r;

  /** Every byte value once, in order. */
  static final byte[] ALL_BYTES = new byte[256];
  /** A key of awkward bytes: NUL, CR LF, an invalid UTF-8 sequence, 0xFF and a '*' (a glob character). */
  static final byte[] KEY = {'k', 0, '\r', '\n', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '*', 0};
  static final byte[] VALUE = {0, 0, (byte) 0xFE, (byte) 0xFF, '\r', '\n', '$', '3', '\r', '\n', (byte) 0x80, 0};

  static {
    for (int i = 0; i < 256; i++) {
      ALL_BYTES[i] = (byte) i;
    }
  }



  @BeforeEach
  void connect() {
    connection = server.get().connectBinary(protocol);
    r = connection.sync();
    r.flushall();
  }

  @AfterEach
  void disconnect() {
    connection.close();
  }

  @Test
  void setGetMgetAppend() {
    assertThat(r.set(KEY, VALUE)).isEqualTo("OK");
    assertThat(r.get(KEY)).isEqualTo(VALUE);
    assertThat(r.set(ALL_BYTES, ALL_BYTES)).isEqualTo("OK");
    assertThat(r.get(ALL_BYTES)).isEqualTo(ALL_BYTES);
    assertThat(r.strlen(ALL_BYTES)).isEqualTo(256);
    List<KeyValue<byte[], byte[]>> mget = r.mget(KEY, ALL_BYTES, new byte[] {0});
    assertThat(mget.get(0).getValue()).isEqualTo(VALUE);
    assertThat(mget.get(1).getValue()).isEqualTo(ALL_BYTES);
    assertThat(mget.get(2).hasValue()).isFalse();
    assertThat(r.append(KEY, ALL_BYTES)).isEqualTo(VALUE.length + 256);
    assertThat(r.get(KEY)).isEqualTo(concat(VALUE, ALL_BYTES));
    // one-byte keys for every byte value are all distinct keys
    for (int b = 0; b < 256; b++) {
      r.set(new byte[] {(byte) b}, new byte[] {(byte) b, (byte) b});
    }
    assertThat(r.dbsize()).isEqualTo(2 + 256);
    for (int b = 0; b < 256; b++) {
      assertThat(r.get(new byte[] {(byte) b})).isEqualTo(new byte[] {(byte) b, (byte) b});
    }
    // the empty key and the empty value are values too
    assertThat(r.set(new byte[0], new byte[0])).isEqualTo("OK");
    assertThat(r.get(new byte[0])).isEmpty();
    assertThat(r.exists(new byte[0])).isOne();
  }

  @Test
  void rangesAndDigest() {
    r.set(KEY, ALL_BYTES);
    assertThat(r.getrange(KEY, 0, 15)).isEqualTo(Arrays.copyOfRange(ALL_BYTES, 0, 16));
    assertThat(r.getrange(KEY, -16, -1)).isEqualTo(Arrays.copyOfRange(ALL_BYTES, 240, 256));
    assertThat(r.setrange(KEY, 250, VALUE)).isEqualTo(250 + VALUE.length);
    byte[] expected = concat(Arrays.copyOf(ALL_BYTES, 250), VALUE);
    assertThat(r.get(KEY)).isEqualTo(expected);
    assertThat(r.setrange(new byte[] {(byte) 0xFF}, 3, new byte[] {0, (byte) 0xFF})).isEqualTo(5);
    assertThat(r.get(new byte[] {(byte) 0xFF})).isEqualTo(new byte[] {0, 0, 0, 0, (byte) 0xFF});
    assertThat(r.getdel(KEY)).isEqualTo(expected);
    r.set(KEY, "Hello world".getBytes(StandardCharsets.US_ASCII));
    assertThat(r.digestKey(KEY)).isEqualTo("b6acb9d84a38ff74");
  }

  @Test
  void keysScanRenameCopy() {
    r.set(KEY, VALUE);
    r.set(ALL_BYTES, VALUE);
    byte[] plain = "plain".getBytes(StandardCharsets.US_ASCII);
    r.set(plain, VALUE);
    assertThat(r.keysLegacy("*".getBytes(StandardCharsets.US_ASCII))).containsExactlyInAnyOrder(KEY, ALL_BYTES, plain);
    // a pattern with NUL, CR LF and invalid UTF-8 in it, the '*' of the key escaped
    byte[] pattern = {'k', 0, '\r', '\n', (byte) 0xC3, '?', (byte) 0xFF, '\\', '*', '*'};
    assertThat(r.keysLegacy(pattern)).containsExactly(KEY);
    assertThat(r.keysLegacy(new byte[] {0, '*'})).containsExactly(ALL_BYTES);

    List<byte[]> scanned = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    for (int i = 0; i < 100 && !cursor.isFinished(); i++) {
      KeyScanCursor<byte[]> page = r.scan(cursor, ScanArgs.Builder.limit(1));
      scanned.addAll(page.getKeys());
      cursor = page;
    }
    assertThat(scanned).containsExactlyInAnyOrder(KEY, ALL_BYTES, plain);

    byte[] renamed = concat(KEY, new byte[] {(byte) 0xFE, 0});
    assertThat(r.rename(KEY, renamed)).isEqualTo("OK");
    assertThat(r.get(renamed)).isEqualTo(VALUE);
    assertThat(r.exists(KEY)).isZero();
    assertThat(r.copy(renamed, KEY)).isTrue();
    assertThat(r.get(KEY)).isEqualTo(VALUE);
    assertThat(r.type(renamed)).isEqualTo("string");
    assertThat(r.del(KEY, renamed, ALL_BYTES)).isEqualTo(3);
    assertThat(r.keysLegacy("*".getBytes(StandardCharsets.US_ASCII))).containsExactly(plain);
  }

  @Test
  void msetAndInlineSafeBytesOverARawSocket() throws Exception {
    Map<byte[], byte[]> pairs = new LinkedHashMap<>();
    pairs.put(KEY, VALUE);
    pairs.put(ALL_BYTES, ALL_BYTES);
    r.mset(pairs);
    try (RawConnection c = new RawConnection(server.port())) {
      assertThat(c.call("GET".getBytes(StandardCharsets.US_ASCII), ALL_BYTES)).isEqualTo(RespValue.bulk(ALL_BYTES));
      assertThat(c.call("GET".getBytes(StandardCharsets.US_ASCII), KEY)).isEqualTo(RespValue.bulk(VALUE));
      // inline commands carry any byte through a quoted \xHH escape
      c.write("SET \"\\x00\\xff\\r\\n\" \"\\x80\\x00\"\r\n");
      assertThat(c.read()).isEqualTo(RespValue.OK);
    }
    assertThat(r.get(new byte[] {0, (byte) 0xFF, '\r', '\n'})).isEqualTo(new byte[] {(byte) 0x80, 0});
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
