package io.pacraft.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads server replies, RESP2 or RESP3, into {@link RespValue}s: the client side, for tests that
 * talk to a server over a raw socket and for tools.
 *
 * <p>Every RESP3 type is read, streamed strings and aggregates ({@code $?}, {@code *?}...)
 * included: {@code $-1} and {@code _} become {@link RespValue#NULL}, {@code *-1} {@link
 * RespValue#NULL_ARRAY}, a blob error ({@code !}) a {@link RespValue.Error}, an attribute ({@code
 * |}) a {@link RespValue.Attribute} around the value after it. Bytes that are not RESP throw
 * {@link RespProtocolException}.
 *
 * <p>Three ways in: {@link #read(InputStream)} blocks for one reply; {@link #parse(ByteBuf)} takes
 * one from a buffer if it is all there; as a Netty handler it emits one {@code RespValue} per
 * reply (one instance per connection).
 */
public final class RespReplyDecoder extends ByteToMessageDecoder {

  /** Readable bytes the last incomplete reply needed at least, so a retry waits for them. */
  private long needed;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < needed) {
      return;
    }
    int start = in.readerIndex();
    try {
      out.add(fromBuffer(in));
      needed = 0;
    } catch (Incomplete e) {
      needed = e.index - start;
      in.readerIndex(start);
    }
  }

  /**
   * The first reply in {@code in}, consumed, or null (nothing consumed) when it has not all
   * arrived.
   *
   * @throws RespProtocolException when the bytes are not RESP
   */
  public static RespValue parse(ByteBuf in) {
    int start = in.readerIndex();
    try {
      return fromBuffer(in);
    } catch (Incomplete e) {
      in.readerIndex(start);
      return null;
    }
  }

  private static RespValue fromBuffer(ByteBuf in) {
    try {
      return new Parser(new BufferSource(in)).value();
    } catch (IOException e) {
      throw new IllegalStateException("a buffer does not fail to read", e);
    }
  }

  /**
   * Reads one reply from {@code in}, blocking until it has arrived, and not a byte more (wrap a
   * socket's stream in a {@link java.io.BufferedInputStream}).
   *
   * @throws EOFException when the stream ends first
   * @throws RespProtocolException when the bytes are not RESP
   */
  public static RespValue read(InputStream in) throws IOException {
    return new Parser(new StreamSource(in)).value();
  }

  /** Where the parser's bytes come from. */
  private interface Source {
    int read() throws IOException;

    byte[] read(int n) throws IOException;
  }

  /** Thrown when a buffer ends mid-reply; {@code index} is the writer index needed at least. */
  private static final class Incomplete extends RuntimeException {
    final long index;

    Incomplete(long index) {
      super(null, null, false, false);
      this.index = index;
    }
  }

  private static final class BufferSource implements Source {
    private final ByteBuf in;

    BufferSource(ByteBuf in) {
      this.in = in;
    }

    @Override
    public int read() {
      if (!in.isReadable()) {
        throw new Incomplete(in.writerIndex() + 1L);
      }
      return in.readByte() & 0xff;
    }

    @Override
    public byte[] read(int n) {
      if (in.readableBytes() < n) {
        throw new Incomplete((long) in.readerIndex() + n);
      }
      byte[] b = new byte[n];
      in.readBytes(b);
      return b;
    }
  }

  private static final class StreamSource implements Source {
    private final InputStream in;

    StreamSource(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("stream ended inside a RESP reply");
      }
      return b;
    }

    @Override
    public byte[] read(int n) throws IOException {
      byte[] b = in.readNBytes(n);
      if (b.length < n) {
        throw new EOFException("stream ended inside a RESP reply");
      }
      return b;
    }
  }

  /** A recursive-descent reader of one reply. */
  private static final class Parser {
    private static final RespValue END = new RespValue.Simple("end of streamed aggregate");
    private final Source src;

    Parser(Source src) {
      this.src = src;
    }

    RespValue value() throws IOException {
      RespValue v = element();
      if (v == END) {
        throw new RespProtocolException("'.' outside a streamed aggregate");
      }
      return v;
    }

    /** A value, or END for the {@code .} that closes a streamed aggregate. */
    private RespValue element() throws IOException {
      int type = src.read();
      switch (type) {
        case '+':
          return new RespValue.Simple(line());
        case '-':
          return new RespValue.Error(line());
        case ':':
          return RespValue.integer(number(line()));
        case '$': {
          String header = line();
          if (header.equals("?")) {
            return new RespValue.Bulk(streamedString());
          }
          long len = number(header);
          return len == -1 ? RespValue.NULL : new RespValue.Bulk(blob(len));
        }
        case '*': {
          String header = line();
          if (header.equals("-1")) {
            return RespValue.NULL_ARRAY;
          }
          return new RespValue.Array(items(header, 1));
        }
        case '%':
          return new RespValue.Map(items(line(), 2));
        case '~':
          return new RespValue.Set(items(line(), 1));
        case '>':
          return new RespValue.Push(items(line(), 1));
        case '|': {
          List<RespValue> kv = items(line(), 2);
          return new RespValue.Attribute(kv, value());
        }
        case '_':
          expectEmpty(line(), "null");
          return RespValue.NULL;
        case ',':
          return new RespValue.Double(parseDouble(line()));
        case '#': {
          String b = line();
          if (b.equals("t") || b.equals("f")) {
            return new RespValue.Bool(b.equals("t"));
          }
          throw new RespProtocolException("boolean is t or f, not " + b);
        }
        case '(':
          return new RespValue.BigNumber(line());
        case '!':
          return new RespValue.Error(new String(blob(number(line())), StandardCharsets.UTF_8));
        case '=': {
          byte[] b = blob(number(line()));
          if (b.length < 4 || b[3] != ':') {
            throw new RespProtocolException("verbatim string without its fmt: prefix");
          }
          byte[] text = new byte[b.length - 4];
          System.arraycopy(b, 4, text, 0, text.length);
          return new RespValue.Verbatim(new String(b, 0, 3, StandardCharsets.ISO_8859_1), text);
        }
        case '.':
          expectEmpty(line(), "end");
          return END;
        default:
          throw new RespProtocolException("unknown RESP type byte " + type);
      }
    }

    /** {@code n * per} elements, or elements up to {@code .} when the header is {@code ?}. */
    private List<RespValue> items(String header, int per) throws IOException {
      List<RespValue> items = new ArrayList<>();
      if (header.equals("?")) {
        for (RespValue v = element(); v != END; v = element()) {
          items.add(v);
        }
        if (items.size() % per != 0) {
          throw new RespProtocolException("streamed map with an odd number of elements");
        }
        return items;
      }
      long n = number(header);
      if (n < 0 || n > Integer.MAX_VALUE / per) {
        throw new RespProtocolException("bad aggregate length " + n);
      }
      for (long i = 0; i < n * per; i++) {
        items.add(value());
      }
      return items;
    }

    private byte[] blob(long len) throws IOException {
      if (len < 0 || len > RespLimits.MAX_ARRAY) {
        throw new RespProtocolException("bad bulk length " + len);
      }
      byte[] b = src.read((int) len);
      crlf();
      return b;
    }

    private byte[] streamedString() throws IOException {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      while (true) {
        if (src.read() != ';') {
          throw new RespProtocolException("streamed string chunk without ';'");
        }
        long len = number(line());
        if (len == 0) {
          return all.toByteArray();
        }
        all.writeBytes(blob(len));
      }
    }

    private void crlf() throws IOException {
      if (src.read() != '\r' || src.read() != '\n') {
        throw new RespProtocolException("missing CRLF");
      }
    }

    /** The rest of the line, CRLF consumed, as UTF-8. */
    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream(16);
      for (int c = src.read(); c != '\r'; c = src.read()) {
        if (c == '\n') {
          throw new RespProtocolException("LF without CR");
        }
        b.write(c);
      }
      if (src.read() != '\n') {
        throw new RespProtocolException("CR without LF");
      }
      return b.toString(StandardCharsets.UTF_8);
    }

    private static long number(String s) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new RespProtocolException("not a number: " + s);
      }
    }

    private static double parseDouble(String s) {
      switch (s) {
        case "inf":
        case "+inf":
          return Double.POSITIVE_INFINITY;
        case "-inf":
          return Double.NEGATIVE_INFINITY;
        case "nan":
        case "-nan":
          return Double.NaN;
        default:
          try {
            return Double.parseDouble(s);
          } catch (NumberFormatException e) {
            throw new RespProtocolException("not a double: " + s);
          }
      }
    }

    private static void expectEmpty(String line, String what) {
      if (!line.isEmpty()) {
        throw new RespProtocolException("text after " + what + ": " + line);
      }
    }
  }
}
