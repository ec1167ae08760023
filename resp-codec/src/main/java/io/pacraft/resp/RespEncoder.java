package io.pacraft.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.RandomAccess;

/**
 * Writes {@link RespValue}s as RESP2 or RESP3.
 *
 * <p>As a handler it encodes every {@code RespValue} written to the channel for the protocol
 * version in the channel attribute {@link #PROTOCOL} (2 when unset; the server sets 3 on {@code
 * HELLO 3}); one instance serves all channels. {@link #encode(RespValue, int, ByteBuf)} does the
 * same for a server that batches replies into its own buffer.
 *
 * <p>RESP2 has no RESP3-only types, so they are downgraded as Redis does:
 *
 * <table>
 *   <caption>RESP3 to RESP2</caption>
 *   <tr><th>value</th><th>RESP3</th><th>RESP2</th></tr>
 *   <tr><td>Map</td><td>{@code %n k v ...}</td><td>{@code *2n k v ...}</td></tr>
 *   <tr><td>Set</td><td>{@code ~n ...}</td><td>{@code *n ...}</td></tr>
 *   <tr><td>Pairs</td><td>{@code *n *2 a b ...}</td><td>{@code *2n a b ...}</td></tr>
 *   <tr><td>Push</td><td>{@code >n ...}</td><td>{@code *n ...}</td></tr>
 *   <tr><td>Null</td><td>{@code _}</td><td>{@code $-1}, or {@code *-1} when {@code array}</td></tr>
 *   <tr><td>Double</td><td>{@code ,1.5}</td><td>{@code $3 1.5}</td></tr>
 *   <tr><td>Bool</td><td>{@code #t} / {@code #f}</td><td>{@code :1} / {@code :0}</td></tr>
 *   <tr><td>BigNumber</td><td>{@code (123...}</td><td>bulk string of the digits</td></tr>
 *   <tr><td>Verbatim</td><td>{@code =n txt:...}</td><td>bulk string of the text</td></tr>
 *   <tr><td>Attribute</td><td>{@code |n k v ...} then the value</td><td>the value only</td></tr>
 * </table>
 *
 * <p>Doubles are written as {@link RespDoubles#format}. Simple strings, errors and big numbers are
 * lines, so a CR or LF in them is written as a space (Redis does the same for errors).
 */
@Sharable
public final class RespEncoder extends MessageToByteEncoder<RespValue> {

  /** The channel's protocol version, 2 or 3; absent means 2. */
  public static final AttributeKey<Integer> PROTOCOL = AttributeKey.valueOf("pacraft.resp.protocol");

  /** The handler; stateless, so one instance serves every channel. */
  public static final RespEncoder INSTANCE = new RespEncoder();

  private static final int CRLF = ('\r' << 8) | '\n';
  private static final int CACHED = 1024;
  private static final byte[][] BULK_HEADERS = headers('$');
  private static final byte[][] ARRAY_HEADERS = headers('*');
  private static final byte[][] INTEGERS = headers(':');
  private static final byte[] OK = {'+', 'O', 'K', '\r', '\n'};
  private static final byte[] NULL_BULK = {'$', '-', '1', '\r', '\n'};
  private static final byte[] NULL_ARRAY = {'*', '-', '1', '\r', '\n'};
  private static final byte[] NULL3 = {'_', '\r', '\n'};
  private static final byte[] TRUE3 = {'#', 't', '\r', '\n'};
  private static final byte[] FALSE3 = {'#', 'f', '\r', '\n'};

  private RespEncoder() {
    super(RespValue.class);
  }

  /** Sets the protocol version {@link #INSTANCE} writes on {@code channel} (2 or 3). */
  public static void protocol(Channel channel, int version) {
    checkVersion(version);
    channel.attr(PROTOCOL).set(version);
  }

  /** The protocol version of {@code channel}: 2 unless {@link #protocol(Channel, int)} said 3. */
  public static int protocol(Channel channel) {
    Integer v = channel.attr(PROTOCOL).get();
    return v == null ? 2 : v;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, RespValue msg, ByteBuf out) {
    encode(msg, protocol(ctx.channel()), out);
  }

  @Override
  protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, RespValue msg, boolean preferDirect) {
    int size = sizeHint(msg);
    return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
  }

  /**
   * Appends {@code value} to {@code out} as RESP{@code protocolVersion} (2 or 3).
   *
   * @throws IllegalArgumentException for another version
   */
  public static void encode(RespValue value, int protocolVersion, ByteBuf out) {
    checkVersion(protocolVersion);
    write(value, protocolVersion == 3, out);
  }

  private static void checkVersion(int version) {
    if (version != 2 && version != 3) {
      throw new IllegalArgumentException("RESP protocol version is 2 or 3, not " + version);
    }
  }

  private static void write(RespValue value, boolean resp3, ByteBuf out) {
    if (value instanceof RespValue.Bulk b) {
      writeBulk(b.bytes(), out);
    } else if (value instanceof RespValue.Simple s) {
      if (s == RespValue.OK) {
        out.writeBytes(OK);
      } else {
        writeLine('+', s.text(), out);
      }
    } else if (value instanceof RespValue.Int i) {
      writeInteger(i.value(), out);
    } else if (value instanceof RespValue.Null n) {
      out.writeBytes(resp3 ? NULL3 : n.array() ? NULL_ARRAY : NULL_BULK);
    } else if (value instanceof RespValue.Array a) {
      writeAggregate('*', a.items(), a.items().size(), resp3, out);
    } else if (value instanceof RespValue.Error e) {
      writeLine('-', e.message(), out);
    } else if (value instanceof RespValue.Map m) {
      List<RespValue> kv = m.keysAndValues();
      if (resp3) {
        writeAggregate('%', kv, kv.size() / 2, true, out);
      } else {
        writeAggregate('*', kv, kv.size(), false, out);
      }
    } else if (value instanceof RespValue.Double d) {
      writeDouble(d.value(), resp3, out);
    } else if (value instanceof RespValue.Set s) {
      writeAggregate(resp3 ? '~' : '*', s.items(), s.items().size(), resp3, out);
    } else if (value instanceof RespValue.Bool b) {
      if (resp3) {
        out.writeBytes(b.value() ? TRUE3 : FALSE3);
      } else {
        writeInteger(b.value() ? 1 : 0, out);
      }
    } else if (value instanceof RespValue.Pairs p) {
      writePairs(p.items(), resp3, out);
    } else if (value instanceof RespValue.Push p) {
      writeAggregate(resp3 ? '>' : '*', p.items(), p.items().size(), resp3, out);
    } else if (value instanceof RespValue.BigNumber n) {
      if (resp3) {
        writeLine('(', n.digits(), out);
      } else {
        writeBulk(n.digits().getBytes(StandardCharsets.UTF_8), out);
      }
    } else if (value instanceof RespValue.Verbatim v) {
      writeVerbatim(v, resp3, out);
    } else if (value instanceof RespValue.Attribute a) {
      if (resp3) {
        List<RespValue> kv = a.keysAndValues();
        writeAggregate('|', kv, kv.size() / 2, true, out);
      }
      write(a.value(), resp3, out);
    } else {
      throw new IllegalArgumentException("not a RESP value: " + value);
    }
  }

  private static void writeBulk(byte[] bytes, ByteBuf out) {
    int len = bytes.length;
    out.ensureWritable(len + 16);
    if (len < CACHED) {
      out.writeBytes(BULK_HEADERS[len]);
    } else {
      writeHeader('$', len, out);
    }
    out.writeBytes(bytes);
    out.writeShort(CRLF);
  }

  private static void writeInteger(long v, ByteBuf out) {
    if (v >= 0 && v < CACHED) {
      out.writeBytes(INTEGERS[(int) v]);
    } else {
      writeHeader(':', v, out);
    }
  }

  private static void writeHeader(char prefix, long n, ByteBuf out) {
    out.writeByte(prefix);
    Decimal.write(out, n);
    out.writeShort(CRLF);
  }

  private static void writeAggregate(
      char prefix, List<RespValue> items, int count, boolean resp3, ByteBuf out) {
    if (prefix == '*' && count < CACHED) {
      out.writeBytes(ARRAY_HEADERS[count]);
    } else {
      writeHeader(prefix, count, out);
    }
    if (items instanceof RandomAccess) {
      for (int i = 0, n = items.size(); i < n; i++) {
        write(items.get(i), resp3, out);
      }
    } else {
      for (RespValue item : items) {
        write(item, resp3, out);
      }
    }
  }

  private static void writePairs(List<RespValue> items, boolean resp3, ByteBuf out) {
    if (!resp3) {
      writeAggregate('*', items, items.size(), false, out);
      return;
    }
    int n = items.size() / 2;
    if (n < CACHED) {
      out.writeBytes(ARRAY_HEADERS[n]);
    } else {
      writeHeader('*', n, out);
    }
    for (int i = 0; i < items.size(); i += 2) {
      out.writeBytes(ARRAY_HEADERS[2]);
      write(items.get(i), true, out);
      write(items.get(i + 1), true, out);
    }
  }

  /** {@code prefix text CRLF}, with any CR or LF in the text written as a space. */
  private static void writeLine(char prefix, String text, ByteBuf out) {
    out.writeByte(prefix);
    int start = out.writerIndex();
    ByteBufUtil.writeUtf8(out, text);
    int end = out.writerIndex();
    // CR and LF never occur inside a multi-byte UTF-8 sequence, so replacing bytes is safe.
    int i = start;
    while (i < end && (i = out.forEachByte(i, end - i, RespEncoder::notLineBreak)) >= 0) {
      out.setByte(i++, ' ');
    }
    out.writeShort(CRLF);
  }

  private static boolean notLineBreak(byte b) {
    return b != '\r' && b != '\n';
  }

  private static void writeDouble(double d, boolean resp3, ByteBuf out) {
    byte[] text = new byte[RespDoubles.MAX_LENGTH];
    int len = RespDoubles.format(d, text);
    if (resp3) {
      out.writeByte(',');
    } else {
      out.writeBytes(BULK_HEADERS[len]);
    }
    out.writeBytes(text, 0, len);
    out.writeShort(CRLF);
  }

  private static void writeVerbatim(RespValue.Verbatim v, boolean resp3, ByteBuf out) {
    byte[] text = v.text();
    if (!resp3) {
      writeBulk(text, out);
      return;
    }
    out.ensureWritable(text.length + 24);
    writeHeader('=', text.length + 4L, out);
    for (int i = 0; i < 3; i++) {
      out.writeByte(v.format().charAt(i));
    }
    out.writeByte(':');
    out.writeBytes(text);
    out.writeShort(CRLF);
  }

  /** A guess of the encoded size, exact for bulk strings, to size the handler's buffer. */
  static int sizeHint(RespValue value) {
    if (value instanceof RespValue.Bulk b) {
      return b.bytes().length + 16;
    }
    if (value instanceof RespValue.Array a) {
      long size = 16;
      for (RespValue item : a.items()) {
        size += item instanceof RespValue.Bulk b ? b.bytes().length + 16 : 32;
        if (size > 1 << 24) {
          break;
        }
      }
      return (int) Math.min(size, 1 << 24);
    }
    return 64;
  }

  private static byte[][] headers(char prefix) {
    byte[][] h = new byte[CACHED][];
    for (int i = 0; i < CACHED; i++) {
      h[i] = Decimal.line(prefix, i);
    }
    return h;
  }
}
