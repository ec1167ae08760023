package io.pacraft.resp;

import io.netty.buffer.ByteBuf;

/** Decimal integers in ASCII, as RESP writes them in headers and integer replies. */
final class Decimal {
  private Decimal() {}

  /** Digits of {@code v}, sign included. */
  static int length(long v) {
    if (v < 0) {
      return v == Long.MIN_VALUE ? 20 : 1 + length(-v);
    }
    long p = 10;
    for (int n = 1; n < 19; n++) {
      if (v < p) {
        return n;
      }
      p *= 10;
    }
    return 19;
  }

  /** Writes {@code v} in decimal at the writer index. */
  static void write(ByteBuf out, long v) {
    int len = length(v);
    out.ensureWritable(len);
    int end = out.writerIndex() + len;
    int i = end;
    if (v == Long.MIN_VALUE) {
      // -9223372036854775808: the magnitude does not fit in a long.
      out.setByte(--i, '8');
      v /= 10;
    }
    boolean negative = v < 0;
    long m = negative ? -v : v;
    do {
      out.setByte(--i, (int) ('0' + m % 10));
      m /= 10;
    } while (m != 0);
    if (negative) {
      out.setByte(--i, '-');
    }
    out.writerIndex(end);
  }

  /** {@code prefix digits CR LF} as bytes, for the precomputed header tables. */
  static byte[] line(char prefix, long v) {
    String s = prefix + Long.toString(v) + "\r\n";
    byte[] b = new byte[s.length()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) s.charAt(i);
    }
    return b;
  }
}
