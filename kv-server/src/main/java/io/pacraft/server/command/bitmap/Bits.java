package io.pacraft.server.command.bitmap;

/** Bit arithmetic on a string value, bit 0 being the most significant bit of byte 0 (Redis' order). */
final class Bits {
  private Bits() {}

  static int get(byte[] v, long bit) {
    long i = bit >>> 3;
    if (i >= v.length) {
      return 0;
    }
    return (v[(int) i] >> (7 - (int) (bit & 7))) & 1;
  }

  /** Sets {@code bit} of {@code v}, which must be long enough. */
  static void set(byte[] v, long bit, int value) {
    int i = (int) (bit >>> 3);
    int mask = 1 << (7 - (int) (bit & 7));
    v[i] = (byte) (value != 0 ? v[i] | mask : v[i] & ~mask);
  }

  /** Set bits in bit positions [from, to] (inclusive). */
  static long count(byte[] v, long from, long to) {
    long n = 0;
    long bit = from;
    while (bit <= to) {
      if ((bit & 7) == 0 && bit + 7 <= to) {
        int i = (int) (bit >>> 3);
        // Whole longs, then whole bytes.
        while (bit + 63 <= to && i + 8 <= v.length) {
          long word = 0;
          for (int k = 0; k < 8; k++) {
            word = (word << 8) | (v[i + k] & 0xFF);
          }
          n += Long.bitCount(word);
          i += 8;
          bit += 64;
        }
        if (bit + 7 <= to) {
          n += Integer.bitCount(v[(int) (bit >>> 3)] & 0xFF);
          bit += 8;
        }
        continue;
      }
      n += get(v, bit);
      bit++;
    }
    return n;
  }

  /** The first bit position in [from, to] holding {@code value}, or -1. */
  static long find(byte[] v, int value, long from, long to) {
    int skip = value == 1 ? 0 : 0xFF;
    long bit = from;
    while (bit <= to) {
      if ((bit & 7) == 0 && bit + 7 <= to && (v[(int) (bit >>> 3)] & 0xFF) == skip) {
        bit += 8;
        continue;
      }
      if (get(v, bit) == value) {
        return bit;
      }
      bit++;
    }
    return -1;
  }

  /** The unsigned value of {@code bits} bits at {@code offset} (bits ≤ 64). */
  static long getUnsigned(byte[] v, long offset, int bits) {
    long value = 0;
    for (int j = 0; j < bits; j++) {
      value = (value << 1) | get(v, offset + j);
    }
    return value;
  }

  static long getSigned(byte[] v, long offset, int bits) {
    long value = getUnsigned(v, offset, bits);
    if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
      value |= -1L << bits; // sign-extend
    }
    return value;
  }

  /** Writes the low {@code bits} bits of {@code value} at {@code offset}. */
  static void setInteger(byte[] v, long offset, int bits, long value) {
    for (int j = 0; j < bits; j++) {
      int b = (int) ((value >>> (bits - 1 - j)) & 1);
      set(v, offset + j, b);
    }
  }
}
