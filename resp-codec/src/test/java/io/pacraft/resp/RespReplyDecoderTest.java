package io.pacraft.resp;

import static io.pacraft.resp.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RespReplyDecoderTest {

  /** One value of every type, nested ones included. */
  static List<RespValue> everyType() {
    List<RespValue> values = new ArrayList<>();
    RespEncoderTest.wire().forEach(a -> values.add((RespValue) a.get()[0]));
    values.add(RespValue.bulk("binary \r\n\0\u00ff"));
    values.add(new RespValue.Double(-0.0));
    values.add(new RespValue.Double(1e-7));
    values.add(
        new RespValue.Attribute(
            List.of(RespValue.bulk("a"), RespValue.ZERO),
            new RespValue.Map(
                List.of(
                    RespValue.bulk("k"),
                    RespValue.array(new RespValue.Push(List.of(RespValue.NULL))),
                    new RespValue.Bool(false),
                    new RespValue.Set(List.of(new RespValue.Double(2.5)))))));
    return values;
  }

  /** What a RESP2 client reads for {@code v}: RESP3-only types downgraded as Redis does. */
  static RespValue asResp2(RespValue v) {
    if (v instanceof RespValue.Array a) {
      return new RespValue.Array(a.items().stream().map(RespReplyDecoderTest::asResp2).toList());
    } else if (v instanceof RespValue.Map m) {
      return asResp2(new RespValue.Array(m.keysAndValues()));
    } else if (v instanceof RespValue.Set s) {
      return asResp2(new RespValue.Array(s.items()));
    } else if (v instanceof RespValue.Push p) {
      return asResp2(new RespValue.Array(p.items()));
    } else if (v instanceof RespValue.Double d) {
      return RespValue.bulk(RespDoubles.format(d.value()));
    } else if (v instanceof RespValue.Bool b) {
      return RespValue.integer(b.value() ? 1 : 0);
    } else if (v instanceof RespValue.BigNumber n) {
      return RespValue.bulk(n.digits());
    } else if (v instanceof RespValue.Verbatim t) {
      return RespValue.bulk(t.text());
    } else if (v instanceof RespValue.Attribute a) {
      return asResp2(a.value());
    }
    return v;
  }

  /**
   * For comparing what RESP3 carries: Verbatim holds a byte array (its record equality compares
   * identity), and RESP3 has one null for both of RESP2's.
   */
  static Object comparable(RespValue v) {
    if (v instanceof RespValue.Null) {
      return RespValue.NULL;
    }
    if (v instanceof RespValue.Verbatim t) {
      return List.of("verbatim", t.format(), Wire.text(t.text()));
    }
    if (v instanceof RespValue.Array a) {
      return a.items().stream().map(RespReplyDecoderTest::comparable).toList();
    }
    return v;
  }

  private static ByteBuf encoded(List<RespValue> values, int version) {
    ByteBuf out = Unpooled.buffer();
    for (RespValue v : values) {
      RespEncoder.encode(v, version, out);
    }
    return out;
  }

  @Test
  void readsBackWhatTheEncoderWritesInResp3() {
    for (RespValue v : everyType()) {
      ByteBuf b = encoded(List.of(v), 3);
      assertThat(comparable(RespReplyDecoder.parse(b))).isEqualTo(comparable(v));
      assertThat(b.isReadable()).isFalse();
    }
  }

  @Test
  void readsBackWhatTheEncoderWritesInResp2AsDowngraded() {
    for (RespValue v : everyType()) {
      ByteBuf b = encoded(List.of(v), 2);
      assertThat(RespReplyDecoder.parse(b)).isEqualTo(asResp2(v));
    }
  }

  @Test
  void partialRepliesAreLeftInTheBuffer() {
    byte[] all = ByteBufUtil.getBytes(encoded(List.of(RespValue.array(RespValue.bulk("ab"))), 3));
    for (int len = 0; len < all.length; len++) {
      ByteBuf part = Unpooled.wrappedBuffer(all, 0, len);
      assertThat(RespReplyDecoder.parse(part)).isNull();
      assertThat(part.readerIndex()).isZero();
    }
  }

  @Test
  void theHandlerDecodesRepliesSplitAtAnyByte() {
    List<RespValue> values = everyType();
    byte[] all = ByteBufUtil.getBytes(encoded(values, 3));
    List<Object> expected = values.stream().map(RespReplyDecoderTest::comparable).toList();
    for (int cut = 0; cut <= all.length; cut++) {
      EmbeddedChannel ch = new EmbeddedChannel(new RespReplyDecoder());
      ch.writeInbound(Unpooled.wrappedBuffer(all, 0, cut));
      ch.writeInbound(Unpooled.wrappedBuffer(all, cut, all.length - cut));
      List<Object> got = new ArrayList<>();
      for (RespValue v = ch.readInbound(); v != null; v = ch.readInbound()) {
        got.add(comparable(v));
      }
      assertThat(got).as("cut at %d", cut).isEqualTo(expected);
      assertThat(ch.finish()).isFalse();
    }
  }

  @Test
  void readsRepliesOneByOneFromAStream() throws Exception {
    List<RespValue> values = List.of(RespValue.OK, RespValue.bulk("v"), RespValue.integer(7));
    InputStream in =
        new BufferedInputStream(
            new ByteArrayInputStream(ByteBufUtil.getBytes(encoded(values, 2))));

    assertThat(RespReplyDecoder.read(in)).isEqualTo(RespValue.OK);
    assertThat(RespReplyDecoder.read(in)).isEqualTo(RespValue.bulk("v"));
    assertThat(RespReplyDecoder.read(in)).isEqualTo(RespValue.integer(7));
    assertThatThrownBy(() -> RespReplyDecoder.read(in)).isInstanceOf(EOFException.class);
  }

  @Test
  void aStreamEndingMidReplyIsAnEof() {
    InputStream in = new ByteArrayInputStream(bytes("$5\r\nab"));
    assertThatThrownBy(() -> RespReplyDecoder.read(in)).isInstanceOf(EOFException.class);
  }

  @Test
  void readsStreamedStringsAndAggregates() {
    assertThat(parse("$?\r\n;4\r\nHell\r\n;5\r\no wor\r\n;1\r\nd\r\n;0\r\n"))
        .isEqualTo(RespValue.bulk("Hello word")); // the RESP3 spec's example
    assertThat(parse("*?\r\n:1\r\n*?\r\n.\r\n.\r\n"))
        .isEqualTo(RespValue.array(RespValue.integer(1), RespValue.EMPTY_ARRAY));
    assertThat(parse("%?\r\n+a\r\n:1\r\n.\r\n"))
        .isEqualTo(new RespValue.Map(List.of(new RespValue.Simple("a"), RespValue.ONE)));
    assertThat(parse("~?\r\n.\r\n")).isEqualTo(new RespValue.Set(List.of()));
  }

  @Test
  void readsTheTypesTheEncoderNeverWrites() {
    assertThat(parse("!21\r\nSYNTAX invalid syntax\r\n"))
        .isEqualTo(RespValue.error("SYNTAX invalid syntax"));
    assertThat(parse(",1.23e10\r\n")).isEqualTo(new RespValue.Double(1.23e10));
    assertThat(parse(",-nan\r\n")).isEqualTo(new RespValue.Double(Double.NaN));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "?\r\n",
        ":12a\r\n",
        "$3\r\nabcXY",
        "$-2\r\n",
        "*-2\r\n",
        "#x\r\n",
        ",one\r\n",
        "_x\r\n",
        "+a\rb\r\n",
        "+a\nb\r\n",
        ".\r\n",
        "%?\r\n:1\r\n.\r\n",
        "=3\r\nabc\r\n",
        "$?\r\n4\r\nabcd\r\n"
      })
  void rejectsBytesThatAreNotResp(String input) {
    assertThatThrownBy(() -> parse(input)).isInstanceOf(RespProtocolException.class);
  }

  private static RespValue parse(String s) {
    ByteBuf b = Unpooled.wrappedBuffer(bytes(s));
    RespValue v = RespReplyDecoder.parse(b);
    assertThat(b.isReadable()).as("whole reply consumed").isFalse();
    return v;
  }
}
