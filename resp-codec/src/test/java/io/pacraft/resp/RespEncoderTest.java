package io.pacraft.resp;

import static io.pacraft.resp.Wire.bytes;
import static io.pacraft.resp.Wire.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RespEncoderTest {

  static String encode(RespValue v, int version) {
    ByteBuf out = Unpooled.buffer(4);
    RespEncoder.encode(v, version, out);
    return text(ByteBufUtil.getBytes(out));
  }

  private static final RespValue.Map MAP =
      new RespValue.Map(List.of(RespValue.bulk("a"), RespValue.integer(1)));

  /** Each value, what RESP2 carries, what RESP3 carries. */
  static Stream<Arguments> wire() {
    return Stream.of(
        Arguments.of(RespValue.OK, "+OK\r\n", "+OK\r\n"),
        Arguments.of(new RespValue.Simple("QUEUED"), "+QUEUED\r\n", "+QUEUED\r\n"),
        Arguments.of(RespValue.error("ERR unknown"), "-ERR unknown\r\n", "-ERR unknown\r\n"),
        Arguments.of(RespValue.integer(0), ":0\r\n", ":0\r\n"),
        Arguments.of(RespValue.integer(-1), ":-1\r\n", ":-1\r\n"),
        Arguments.of(RespValue.integer(1023), ":1023\r\n", ":1023\r\n"),
        Arguments.of(RespValue.integer(1024), ":1024\r\n", ":1024\r\n"),
        Arguments.of(
            RespValue.integer(Long.MAX_VALUE),
            ":9223372036854775807\r\n",
            ":9223372036854775807\r\n"),
        Arguments.of(
            RespValue.integer(Long.MIN_VALUE),
            ":-9223372036854775808\r\n",
            ":-9223372036854775808\r\n"),
        Arguments.of(RespValue.bulk("hello"), "$5\r\nhello\r\n", "$5\r\nhello\r\n"),
        Arguments.of(RespValue.bulk(""), "$0\r\n\r\n", "$0\r\n\r\n"),
        Arguments.of(RespValue.bulk("\r\n"), "$2\r\n\r\n\r\n", "$2\r\n\r\n\r\n"),
        Arguments.of(RespValue.NULL, "$-1\r\n", "_\r\n"),
        Arguments.of(RespValue.NULL_ARRAY, "*-1\r\n", "_\r\n"),
        Arguments.of(RespValue.EMPTY_ARRAY, "*0\r\n", "*0\r\n"),
        Arguments.of(
            RespValue.array(RespValue.bulk("a"), RespValue.integer(2), RespValue.NULL),
            "*3\r\n$1\r\na\r\n:2\r\n$-1\r\n",
            "*3\r\n$1\r\na\r\n:2\r\n_\r\n"),
        Arguments.of(MAP, "*2\r\n$1\r\na\r\n:1\r\n", "%1\r\n$1\r\na\r\n:1\r\n"),
        Arguments.of(
            new RespValue.Set(List.of(RespValue.bulk("x"), RespValue.bulk("y"))),
            "*2\r\n$1\r\nx\r\n$1\r\ny\r\n",
            "~2\r\n$1\r\nx\r\n$1\r\ny\r\n"),
        Arguments.of(new RespValue.Double(1.5), "$3\r\n1.5\r\n", ",1.5\r\n"),
        Arguments.of(new RespValue.Double(3), "$1\r\n3\r\n", ",3\r\n"),
        Arguments.of(new RespValue.Double(0.1), "$3\r\n0.1\r\n", ",0.1\r\n"),
        Arguments.of(
            new RespValue.Double(Double.POSITIVE_INFINITY), "$3\r\ninf\r\n", ",inf\r\n"),
        Arguments.of(
            new RespValue.Double(Double.NEGATIVE_INFINITY), "$4\r\n-inf\r\n", ",-inf\r\n"),
        Arguments.of(new RespValue.Double(Double.NaN), "$3\r\nnan\r\n", ",nan\r\n"),
        Arguments.of(new RespValue.Bool(true), ":1\r\n", "#t\r\n"),
        Arguments.of(new RespValue.Bool(false), ":0\r\n", "#f\r\n"),
        Arguments.of(
            new RespValue.BigNumber("1234567999999999999999999999999999999"),
            "$37\r\n1234567999999999999999999999999999999\r\n",
            "(1234567999999999999999999999999999999\r\n"),
        Arguments.of(
            new RespValue.Verbatim("txt", bytes("Some string")),
            "$11\r\nSome string\r\n",
            "=15\r\ntxt:Some string\r\n"),
        Arguments.of(
            new RespValue.Push(List.of(RespValue.bulk("message"), RespValue.bulk("ch"))),
            "*2\r\n$7\r\nmessage\r\n$2\r\nch\r\n",
            ">2\r\n$7\r\nmessage\r\n$2\r\nch\r\n"),
        Arguments.of(
            new RespValue.Attribute(
                List.of(RespValue.bulk("key-popularity"), RespValue.integer(90)),
                RespValue.bulk("real reply")),
            "$10\r\nreal reply\r\n",
            "|1\r\n$14\r\nkey-popularity\r\n:90\r\n$10\r\nreal reply\r\n"),
        Arguments.of(
            RespValue.array(MAP, new RespValue.Set(List.of()), RespValue.EMPTY_ARRAY),
            "*3\r\n*2\r\n$1\r\na\r\n:1\r\n*0\r\n*0\r\n",
            "*3\r\n%1\r\n$1\r\na\r\n:1\r\n~0\r\n*0\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wire")
  void writesEachTypeByteExact(RespValue value, String resp2, String resp3) {
    assertThat(encode(value, 2)).isEqualTo(resp2);
    assertThat(encode(value, 3)).isEqualTo(resp3);
  }

  @Test
  void lengthsAroundThePrecomputedHeadersAreRight() {
    for (int len : new int[] {9, 10, 99, 100, 1022, 1023, 1024, 1025, 100_000}) {
      String s = "x".repeat(len);
      assertThat(encode(RespValue.bulk(s), 2)).isEqualTo("$" + len + "\r\n" + s + "\r\n");
      List<RespValue> items = new ArrayList<>();
      for (int i = 0; i < len; i++) {
        items.add(RespValue.integer(i));
      }
      assertThat(encode(RespValue.array(items), 3))
          .startsWith("*" + len + "\r\n:0\r\n:1\r\n")
          .endsWith(":" + (len - 1) + "\r\n");
    }
  }

  @Test
  void anyListWorksAsItems() {
    List<RespValue> linked = new LinkedList<>(List.of(RespValue.bulk("a"), RespValue.bulk("b")));
    assertThat(encode(RespValue.array(linked), 2)).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  }

  @Test
  void lineBreaksInLineRepliesBecomeSpaces() {
    assertThat(encode(RespValue.error("ERR bad\r\nthing\n"), 2)).isEqualTo("-ERR bad  thing \r\n");
    assertThat(encode(new RespValue.Simple("a\rb"), 3)).isEqualTo("+a b\r\n");
    assertThat(encode(new RespValue.BigNumber("12\n"), 3)).isEqualTo("(12 \r\n");
  }

  @Test
  void textIsWrittenAsUtf8() {
    ByteBuf out = Unpooled.buffer();
    RespEncoder.encode(RespValue.error("ERR caf\u00e9 \u2603\r\n"), 2, out);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("-ERR caf\u00e9 \u2603  \r\n");
  }

  @Test
  void onlyVersionsTwoAndThreeExist() {
    assertThatThrownBy(() -> RespEncoder.encode(RespValue.OK, 1, Unpooled.buffer()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RespEncoder.protocol(new EmbeddedChannel(), 4))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theHandlerWritesForTheChannelsProtocolVersion() {
    EmbeddedChannel ch = new EmbeddedChannel(RespEncoder.INSTANCE);
    assertThat(RespEncoder.protocol(ch)).isEqualTo(2);

    ch.writeOutbound(new RespValue.Bool(true), MAP);
    RespEncoder.protocol(ch, 3);
    ch.writeOutbound(new RespValue.Bool(true), MAP, RespValue.bulk("x".repeat(5000)));

    assertThat(outbound(ch)).isEqualTo(":1\r\n");
    assertThat(outbound(ch)).isEqualTo("*2\r\n$1\r\na\r\n:1\r\n");
    assertThat(outbound(ch)).isEqualTo("#t\r\n");
    assertThat(outbound(ch)).isEqualTo("%1\r\n$1\r\na\r\n:1\r\n");
    assertThat(outbound(ch)).isEqualTo("$5000\r\n" + "x".repeat(5000) + "\r\n");
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void theHandlerPassesPreEncodedBuffersThrough() {
    EmbeddedChannel ch = new EmbeddedChannel(RespEncoder.INSTANCE);
    ch.writeOutbound(Unpooled.wrappedBuffer(bytes("+raw\r\n")));
    assertThat(outbound(ch)).isEqualTo("+raw\r\n");
  }

  private static String outbound(EmbeddedChannel ch) {
    ByteBuf b = ch.readOutbound();
    try {
      return text(ByteBufUtil.getBytes(b));
    } finally {
      b.release();
    }
  }

  /**
   * Bulk strings of every length up to past the cached headers (1,024) come out the same into a
   * heap buffer, into a heap buffer that is a slice of a larger array (its array offset is not 0)
   * already holding bytes, and into a direct buffer.
   */
  @Test
  void bulkStringsAreTheSameIntoHeapSlicedAndDirectBuffers() {
    java.util.Random r = new java.util.Random(3);
    for (int len = 0; len <= 1_100; len += len < 40 ? 1 : 37) {
      byte[] v = new byte[len];
      r.nextBytes(v);
      RespValue reply = RespValue.array(new RespValue.Bulk(v), RespValue.bulk("x"));
      ByteBuf heap = Unpooled.buffer(1);
      RespEncoder.encode(reply, 2, heap);
      ByteBuf sliced = Unpooled.wrappedBuffer(new byte[4_000]).slice(100, 3_000);
      sliced.writerIndex(0).writeBytes(bytes("+pre\r\n"));
      RespEncoder.encode(reply, 2, sliced);
      ByteBuf direct = Unpooled.directBuffer(1);
      RespEncoder.encode(reply, 2, direct);
      byte[] expected = ByteBufUtil.getBytes(direct);
      assertThat(ByteBufUtil.getBytes(heap)).as("heap, length %d", len).isEqualTo(expected);
      assertThat(ByteBufUtil.getBytes(sliced)).as("slice, length %d", len).startsWith(bytes("+pre\r\n")).endsWith(expected);
      assertThat(sliced.readableBytes()).isEqualTo(6 + expected.length);
      assertThat(new String(expected, 0, Math.min(12, expected.length), java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("*2\r\n$" + len + "\r\n");
      direct.release();
    }
  }
}
