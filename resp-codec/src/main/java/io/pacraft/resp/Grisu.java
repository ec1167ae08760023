package io.pacraft.resp;

import java.math.BigInteger;

/**
 * Florian Loitsch's Grisu2 double-to-text conversion, digit for digit as Redis' {@code
 * fpconv_dtoa} (Redis 7.2+): the digits read back to the same double and are almost always the
 * shortest such; plain notation for moderate exponents, {@code 1.5e+20} style otherwise.
 *
 * <p>A "diy" floating point number is a 64-bit unsigned significand {@code f} and a binary
 * exponent {@code e}; the methods below pass the two as separate values.
 */
final class Grisu {
  private Grisu() {}

  private static final long FRAC_MASK = 0x000FFFFFFFFFFFFFL;
  private static final long EXP_MASK = 0x7FF0000000000000L;
  private static final long HIDDEN_BIT = 0x0010000000000000L;
  private static final int EXP_BIAS = 1023 + 52;

  private static final int FIRST_POWER = -348;
  private static final int POWER_STEP = 8;
  private static final int POWERS = 87;
  private static final int EXP_MIN = -60;
  private static final int EXP_MAX = -32;

  /** Normalized 64-bit significands and binary exponents of 10^(FIRST_POWER + 8 i). */
  static final long[] POWER_FRAC = new long[POWERS];

  static final int[] POWER_EXP = new int[POWERS];

  private static final long[] TENS = new long[20];

  static {
    long t = 1;
    for (int i = 19; i >= 0; i--) {
      TENS[i] = t; // TENS[0] = 10^19 (as unsigned), TENS[19] = 1
      t *= 10;
    }
    BigInteger ten = BigInteger.TEN;
    for (int i = 0; i < POWERS; i++) {
      int k = FIRST_POWER + POWER_STEP * i;
      // Choose e so that 10^k / 2^e lies in [2^63, 2^64), rounded to the nearest integer.
      BigInteger num = k >= 0 ? ten.pow(k) : BigInteger.ONE;
      BigInteger den = k >= 0 ? BigInteger.ONE : ten.pow(-k);
      int e = num.bitLength() - den.bitLength() - 64;
      BigInteger f;
      while (true) {
        BigInteger n = e < 0 ? num.shiftLeft(-e) : num;
        BigInteger d = e > 0 ? den.shiftLeft(e) : den;
        BigInteger[] qr = n.divideAndRemainder(d);
        f = qr[0];
        if (qr[1].shiftLeft(1).compareTo(d) >= 0) {
          f = f.add(BigInteger.ONE);
        }
        if (f.bitLength() > 64) {
          e++;
        } else if (f.bitLength() < 64) {
          e--;
        } else {
          break;
        }
      }
      POWER_FRAC[i] = f.longValue();
      POWER_EXP[i] = e;
    }
  }

  /**
   * Writes {@code d} as {@code fpconv_dtoa} does (sign, {@code 0}, {@code nan}, {@code inf}, or
   * the Grisu2 digits) into {@code dest} from {@code off}; returns the length, at most 25.
   */
  static int dtoa(double d, byte[] dest, int off) {
    long bits = Double.doubleToRawLongBits(d);
    int len = 0;
    boolean negative = bits < 0;
    if (negative) {
      dest[off + len++] = '-';
    }
    if (d == 0) {
      dest[off + len++] = '0';
      return len;
    }
    if ((bits & EXP_MASK) == EXP_MASK) {
      String s = (bits & FRAC_MASK) != 0 ? "nan" : "inf";
      for (int i = 0; i < 3; i++) {
        dest[off + len++] = (byte) s.charAt(i);
      }
      return len;
    }
    byte[] digits = new byte[18];
    int[] kOut = new int[1];
    int ndigits = grisu2(bits, digits, kOut);
    return len + emitDigits(digits, ndigits, dest, off + len, kOut[0], negative);
  }

  private static int grisu2(long bits, byte[] digits, int[] kOut) {
    // build_fp
    long wf = bits & FRAC_MASK;
    int we = (int) ((bits & EXP_MASK) >>> 52);
    if (we != 0) {
      wf += HIDDEN_BIT;
      we -= EXP_BIAS;
    } else {
      we = -EXP_BIAS + 1;
    }

    // get_normalized_boundaries
    long uf = (wf << 1) + 1;
    int ue = we - 1;
    while ((uf & (HIDDEN_BIT << 1)) == 0) {
      uf <<= 1;
      ue--;
    }
    int uShift = 64 - 52 - 2;
    uf <<= uShift;
    ue -= uShift;
    int lShift = wf == HIDDEN_BIT ? 2 : 1;
    long lf = (wf << lShift) - 1;
    int le = we - lShift;
    lf <<= le - ue;

    // normalize
    while ((wf & HIDDEN_BIT) == 0) {
      wf <<= 1;
      we--;
    }
    int shift = 64 - 52 - 1;
    wf <<= shift;
    we -= shift;

    // find_cachedpow10
    int approx = (int) (-(ue + POWERS) * 0.30102999566398114);
    int idx = (approx - FIRST_POWER) / POWER_STEP;
    while (true) {
      int current = ue + POWER_EXP[idx] + 64;
      if (current < EXP_MIN) {
        idx++;
      } else if (current > EXP_MAX) {
        idx--;
      } else {
        break;
      }
    }
    int k = FIRST_POWER + idx * POWER_STEP;
    long cf = POWER_FRAC[idx];
    int ce = POWER_EXP[idx];

    wf = multiply(wf, cf);
    we = we + ce + 64;
    uf = multiply(uf, cf) - 1;
    ue = ue + ce + 64;
    lf = multiply(lf, cf) + 1;

    kOut[0] = -k;
    return generateDigits(wf, uf, ue, lf, digits, kOut);
  }

  /** The upper 64 bits of the 128-bit product, rounded, as fpconv's multiply. */
  private static long multiply(long a, long b) {
    long lo = 0xFFFFFFFFL;
    long ahBl = (a >>> 32) * (b & lo);
    long alBh = (a & lo) * (b >>> 32);
    long alBl = (a & lo) * (b & lo);
    long ahBh = (a >>> 32) * (b >>> 32);
    long tmp = (ahBl & lo) + (alBh & lo) + (alBl >>> 32);
    tmp += 1L << 31;
    return ahBh + (ahBl >>> 32) + (alBh >>> 32) + (tmp >>> 32);
  }

  private static int generateDigits(
      long wf, long uf, int ue, long lf, byte[] digits, int[] kOut) {
    long wfrac = uf - wf;
    long delta = uf - lf;
    int oneShift = -ue;
    long oneFrac = 1L << oneShift;
    long part1 = uf >>> oneShift;
    long part2 = uf & (oneFrac - 1);

    int idx = 0;
    int kappa = 10;
    for (int di = 10; kappa > 0; di++) {
      long div = TENS[di];
      long digit = part1 / div; // part1 < 2^32: plain division is exact
      if (digit != 0 || idx != 0) {
        digits[idx++] = (byte) ('0' + digit);
      }
      part1 -= digit * div;
      kappa--;
      long tmp = (part1 << oneShift) + part2;
      if (Long.compareUnsigned(tmp, delta) <= 0) {
        kOut[0] += kappa;
        roundDigit(digits, idx, delta, tmp, div << oneShift, wfrac);
        return idx;
      }
    }

    int unit = 18;
    while (true) {
      part2 *= 10;
      delta *= 10;
      kappa--;
      long digit = part2 >>> oneShift;
      if (digit != 0 || idx != 0) {
        digits[idx++] = (byte) ('0' + digit);
      }
      part2 &= oneFrac - 1;
      if (Long.compareUnsigned(part2, delta) < 0) {
        kOut[0] += kappa;
        roundDigit(digits, idx, delta, part2, oneFrac, wfrac * TENS[unit]);
        return idx;
      }
      unit--;
    }
  }

  private static void roundDigit(
      byte[] digits, int ndigits, long delta, long rem, long kappa, long frac) {
    while (Long.compareUnsigned(rem, frac) < 0
        && Long.compareUnsigned(delta - rem, kappa) >= 0
        && (Long.compareUnsigned(rem + kappa, frac) < 0
            || Long.compareUnsigned(frac - rem, rem + kappa - frac) > 0)) {
      digits[ndigits - 1]--;
      rem += kappa;
    }
  }

  private static int emitDigits(
      byte[] digits, int ndigits, byte[] dest, int off, int k, boolean negative) {
    int exp = Math.abs(k + ndigits - 1);

    // plain integer
    if (k >= 0 && exp < ndigits + 7) {
      System.arraycopy(digits, 0, dest, off, ndigits);
      for (int i = 0; i < k; i++) {
        dest[off + ndigits + i] = '0';
      }
      return ndigits + k;
    }

    // decimal without exponent
    if (k < 0 && (k > -7 || exp < 4)) {
      int offset = ndigits - Math.abs(k);
      if (offset <= 0) {
        offset = -offset;
        dest[off] = '0';
        dest[off + 1] = '.';
        for (int i = 0; i < offset; i++) {
          dest[off + 2 + i] = '0';
        }
        System.arraycopy(digits, 0, dest, off + 2 + offset, ndigits);
        return ndigits + 2 + offset;
      }
      System.arraycopy(digits, 0, dest, off, offset);
      dest[off + offset] = '.';
      System.arraycopy(digits, offset, dest, off + offset + 1, ndigits - offset);
      return ndigits + 1;
    }

    // scientific notation
    ndigits = Math.min(ndigits, 18 - (negative ? 1 : 0));
    int i = off;
    dest[i++] = digits[0];
    if (ndigits > 1) {
      dest[i++] = '.';
      System.arraycopy(digits, 1, dest, i, ndigits - 1);
      i += ndigits - 1;
    }
    dest[i++] = 'e';
    dest[i++] = (byte) (k + ndigits - 1 < 0 ? '-' : '+');
    int cent = 0;
    if (exp > 99) {
      cent = exp / 100;
      dest[i++] = (byte) ('0' + cent);
      exp -= cent * 100;
    }
    if (exp > 9) {
      int dec = exp / 10;
      dest[i++] = (byte) ('0' + dec);
      exp -= dec * 10;
    } else if (cent != 0) {
      dest[i++] = '0';
    }
    dest[i++] = (byte) ('0' + exp % 10);
    return i - off;
  }
}
