package io.pacraft.resp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decodes client requests as Redis 7 reads them ({@code processMultibulkBuffer} and {@code
 * processInlineBuffer} in {@code networking.c}), producing one {@link RespRequest} per command.
 *
 * <p>A request whose first byte is {@code *} is a RESP array of bulk strings ({@code
 * *N\r\n$len\r\n<bytes>\r\n...}); anything else is an inline command, a line of words split with
 * Redis' quoting rules (see {@code docs/resp.md}). {@code *0}, negative counts and blank inline
 * lines are skipped, as Redis skips them. The decoder keeps its place between reads, so a request
 * may arrive split at any byte and a large bulk string is copied once, as its bytes come, into an
 * array that grows with them: memory follows the bytes received, never the lengths a client
 * announces.
 *
 * <p><b>Protocol errors.</b> When a client breaks the protocol, the decoder passes a {@link
 * RespProtocolError} down the pipeline as a message, after the requests decoded before it, and
 * from then on discards everything that connection sends. The server answers {@link
 * RespProtocolError#reply()} ({@code -ERR Protocol error: <message>}) once it has replied to the
 * earlier requests, then closes that connection. The messages are Redis 7's:
 *
 * <ul>
 *   <li>{@code invalid multibulk length}: {@code *N} not a number, or N over {@link
 *       RespLimits#maxMultibulkLength()}
 *   <li>{@code invalid bulk length}: {@code $len} not a number, negative, or over {@link
 *       RespLimits#maxBulkLength()}
 *   <li>{@code expected '$', got 'X'}: an array element that is not a bulk string
 *   <li>{@code too big mbulk count string}, {@code too big bulk count string}, {@code too big
 *       inline request}: more than {@link RespLimits#maxInlineLength()} bytes with no line end
 *   <li>{@code unbalanced quotes in request}: an inline command with a bad quote
 * </ul>
 *
 * <p>One instance per connection (it holds that connection's parse state).
 */
public final class RespDecoder extends ByteToMessageDecoder {

  /** Bulk strings at least this long are copied out as they arrive rather than waited for. */
  static final int STREAM_THRESHOLD = 32 * 1024;

  /** Argument slots allocated before any argument has arrived. */
  private static final int FIRST_ARGS = 1024;

  private static final int START = 0;
  private static final int COUNT = 1;
  private static final int BULK_HEADER = 2;
  private static final int BULK_BODY = 3;
  private static final int INLINE = 4;
  private static final int FAILED = 5;

  // Redis finds line ends with strchr, which stops at a NUL byte: a NUL before the terminator
  // means the line never ends (and, at the limit, is too big).
  private static final ByteProcessor NOT_CR_OR_NUL = b -> b != '\r' && b != 0;
  private static final ByteProcessor NOT_LF_OR_NUL = b -> b != '\n' && b != 0;

  private final RespLimits limits;
  private int state = START;

  /** Bytes of the current line, from the reader index, already searched for its end. */
  private int scanned;

  /** A NUL byte came before the end of the current line. */
  private boolean blocked;

  /** The number on the last count line parsed. */
  private long number;

  private byte[][] args;
  private int argc;
  private long remaining;
  private int bulkLength;
  private byte[] bulk;
  private int filled;

  /** A decoder with Redis' default limits. */
  public RespDecoder() {
    this(RespLimits.DEFAULT);
  }

  public RespDecoder(RespLimits limits) {
    this.limits = Objects.requireNonNull(limits);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    try {
      RespRequest request = next(in);
      if (request != null) {
        out.add(request);
      }
    } catch (Violation v) {
      state = FAILED;
      args = null;
      bulk = null;
      in.skipBytes(in.readableBytes());
      out.add(new RespProtocolError(v.getMessage()));
    }
  }

  /** The next whole request, or null when more bytes are needed. */
  private RespRequest next(ByteBuf in) {
    while (true) {
      switch (state) {
        case START -> {
          if (!in.isReadable()) {
            return null;
          }
          state = in.getByte(in.readerIndex()) == '*' ? COUNT : INLINE;
        }
        case INLINE -> {
          RespRequest request = inline(in);
          if (request != null || state == INLINE) {
            return request;
          }
        }
        case COUNT -> {
          int cr = lineEnd(in, '\r', "too big mbulk count string");
          if (cr < 0) {
            return null;
          }
          if (!parseNumber(in, in.readerIndex() + 1, cr)
              || number > limits.maxMultibulkLength()) {
            throw new Violation("invalid multibulk length");
          }
          endLine(in, cr + 2);
          if (number <= 0) {
            state = START;
          } else {
            remaining = number;
            args = new byte[(int) Math.min(number, FIRST_ARGS)][];
            argc = 0;
            state = BULK_HEADER;
          }
        }
        case BULK_HEADER -> {
          int cr = lineEnd(in, '\r', "too big bulk count string");
          if (cr < 0) {
            return null;
          }
          int first = in.getByte(in.readerIndex()) & 0xff;
          if (first != '$') {
            throw new Violation("expected '$', got '" + (char) first + "'");
          }
          if (!parseNumber(in, in.readerIndex() + 1, cr)
              || number < 0
              || number > limits.maxBulkLength()) {
            throw new Violation("invalid bulk length");
          }
          endLine(in, cr + 2);
          bulkLength = (int) number;
          state = BULK_BODY;
        }
        case BULK_BODY -> {
          byte[] arg = bulk(in);
          if (arg == null) {
            return null;
          }
          if (argc == args.length) {
            args = Arrays.copyOf(args, (int) Math.min(args.length * 2L, argc + remaining));
          }
          args[argc++] = arg;
          if (--remaining > 0) {
            state = BULK_HEADER;
          } else {
            RespRequest request = new RespRequest(args, false);
            args = null;
            state = START;
            return request;
          }
        }
        default -> {
          in.skipBytes(in.readableBytes());
          return null;
        }
      }
    }
  }

  /** An inline command; null when more bytes are needed (state stays INLINE) or it was blank. */
  private RespRequest inline(ByteBuf in) {
    int lf = lineEnd(in, '\n', "too big inline request");
    if (lf < 0) {
      return null;
    }
    int start = in.readerIndex();
    int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    byte[] line = new byte[end - start];
    in.getBytes(start, line);
    byte[][] argv = InlineArgs.split(line);
    if (argv == null) {
      throw new Violation("unbalanced quotes in request");
    }
    endLine(in, lf + 1);
    state = START;
    return argv.length == 0 ? null : new RespRequest(argv, true);
  }

  /**
   * The index of the current line's terminator ({@code '\r'} with a byte after it, which Redis
   * skips unseen, or {@code '\n'}), or -1 while it has not arrived.
   *
   * @throws Violation {@code tooBig} when more than maxInlineLength bytes precede the terminator
   */
  private int lineEnd(ByteBuf in, char terminator, String tooBig) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    int limit = limits.maxInlineLength();
    if (!blocked) {
      int from = start + scanned;
      int i = from >= end
          ? -1
          : in.forEachByte(from, end - from, terminator == '\r' ? NOT_CR_OR_NUL : NOT_LF_OR_NUL);
      if (i >= 0 && in.getByte(i) != 0) {
        scanned = i - start;
        if (scanned > limit) {
          throw new Violation(tooBig);
        }
        return terminator == '\r' && i + 1 >= end ? -1 : i;
      }
      if (i >= 0) {
        blocked = true;
      } else {
        scanned = end - start;
      }
    }
    if (end - start > limit) {
      throw new Violation(tooBig);
    }
    return -1;
  }

  private void endLine(ByteBuf in, int next) {
    in.readerIndex(next);
    scanned = 0;
    blocked = false;
  }

  /**
   * Parses {@code [from, to)} into {@link #number} as Redis' {@code string2ll}: an optional
   * {@code -}, no leading zeros, no {@code +}, at most 20 characters, within a long.
   */
  private boolean parseNumber(ByteBuf in, int from, int to) {
    int len = to - from;
    if (len <= 0 || len >= 21) {
      return false;
    }
    if (len == 1 && in.getByte(from) == '0') {
      number = 0;
      return true;
    }
    int i = from;
    boolean negative = in.getByte(i) == '-';
    if (negative && ++i == to) {
      return false;
    }
    int d = in.getByte(i++) - '0';
    if (d < 1 || d > 9) {
      return false;
    }
    long v = -d; // accumulate negatively: Long.MIN_VALUE has no positive counterpart
    for (; i < to; i++) {
      d = in.getByte(i) - '0';
      if (d < 0 || d > 9 || v < (Long.MIN_VALUE + d) / 10) {
        return false;
      }
      v = v * 10 - d;
    }
    if (!negative && v == Long.MIN_VALUE) {
      return false;
    }
    number = negative ? v : -v;
    return true;
  }

  /** The current bulk string once it and its CRLF have arrived, else null. */
  private byte[] bulk(ByteBuf in) {
    int len = bulkLength;
    if (bulk == null) {
      if (in.readableBytes() >= len + 2L) {
        byte[] b = new byte[len];
        in.readBytes(b);
        in.skipBytes(2); // Redis skips the two bytes after a bulk string without looking
        return b;
      }
      if (len < STREAM_THRESHOLD) {
        return null; // small: wait for it in the cumulation buffer
      }
      bulk = new byte[Math.min(len, Math.max(in.readableBytes(), STREAM_THRESHOLD))];
      filled = 0;
    }
    int take = Math.min(len - filled, in.readableBytes());
    if (filled + take > bulk.length) {
      bulk = Arrays.copyOf(bulk, (int) Math.min(len, Math.max(bulk.length * 2L, filled + take)));
    }
    in.readBytes(bulk, filled, take);
    filled += take;
    if (filled < len || in.readableBytes() < 2) {
      return null;
    }
    in.skipBytes(2);
    byte[] b = bulk;
    bulk = null;
    return b;
  }

  /** A protocol error; carries Redis' message, no stack trace. */
  private static final class Violation extends RuntimeException {
    Violation(String message) {
      super(message, null, false, false);
    }
  }
}
