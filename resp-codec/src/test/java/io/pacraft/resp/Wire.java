package io.pacraft.resp;

import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Bytes on the wire for tests: building them, feeding them to a decoder in chunks. */
final class Wire {
  private Wire() {}

  /** The ISO-8859-1 bytes of {@code s}: one byte per char, so "\u00ff" is the byte 0xff. */
  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** A RESP array of bulk strings, as clients send commands. */
  static String command(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      sb.append('$').append(bytes(a).length).append("\r\n").append(a).append("\r\n");
    }
    return sb.toString();
  }

  /** A channel with a request decoder and an unpooled heap allocator (allocation is measurable). */
  static EmbeddedChannel requestChannel(RespLimits limits) {
    EmbeddedChannel ch = new EmbeddedChannel();
    ch.config().setAllocator(UnpooledByteBufAllocator.DEFAULT);
    ch.pipeline().addLast(new RespDecoder(limits));
    return ch;
  }

  /** Feeds {@code input} in chunks ending at {@code cuts} (increasing offsets); returns the output. */
  static List<Object> decode(RespLimits limits, byte[] input, int... cuts) {
    EmbeddedChannel ch = requestChannel(limits);
    int from = 0;
    for (int cut : cuts) {
      feed(ch, input, from, cut);
      from = cut;
    }
    feed(ch, input, from, input.length);
    List<Object> out = drain(ch);
    ch.finishAndReleaseAll();
    return out;
  }

  static List<Object> decode(byte[] input, int... cuts) {
    return decode(RespLimits.DEFAULT, input, cuts);
  }

  static void feed(EmbeddedChannel ch, byte[] input, int from, int to) {
    if (to > from) {
      ch.writeInbound(Unpooled.wrappedBuffer(input, from, to - from));
    }
  }

  static List<Object> drain(EmbeddedChannel ch) {
    List<Object> out = new ArrayList<>();
    for (Object o = ch.readInbound(); o != null; o = ch.readInbound()) {
      out.add(o);
    }
    return out;
  }

  /** Requests as lists of strings, errors as "ERROR: message", for readable assertions. */
  static List<String> describe(List<Object> out) {
    List<String> d = new ArrayList<>();
    for (Object o : out) {
      if (o instanceof RespRequest r) {
        StringBuilder sb = new StringBuilder(r.inline() ? "inline" : "array");
        for (byte[] a : r.args()) {
          sb.append(" [").append(text(a)).append(']');
        }
        d.add(sb.toString());
      } else if (o instanceof RespProtocolError e) {
        d.add("ERROR: " + e.message());
      } else {
        d.add("UNEXPECTED " + o);
      }
    }
    return d;
  }
}
