package io.pacraft.server.command;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The arithmetic of Redis' INCRBYFLOAT and HINCRBYFLOAT: C's {@code long double} on x86-64, the x87
 * 80-bit extended format (64-bit significand, round half to even, subnormals down to 2^-16445),
 * parsed as {@code string2ld} (strtold) parses and printed as {@code ld2string}'s human mode
 * ({@code %.17Lf} without trailing zeros). Values are held exactly as {@link BigDecimal}s, so a
 * replica computes the same digits Redis prints, e.g. {@code 1234.56 + 0.01 = 1234.57000000000000006}.
 */
public final class LongDouble {
  private static final int SIGNIFICAND_BITS = 64;
  /** Exponent of the lowest significand bit of the smallest subnormal: 2^-16445. */
  private static final int MIN_UNIT_EXPONENT = -16445;
  /** Largest exponent of the lowest significand bit of a finite value (max is (2^64-1)·2^16320). */
  private static final int MAX_UNIT_EXPONENT = 16384 - SIGNIFICAND_BITS;
  /** Redis' MAX_LONG_DOUBLE_CHARS: longer texts are not floats. */
  private static final int MAX_CHARS = 5 * 1024;
  private static final double LOG2_10 = Math.log(10) / Math.log(2);

  private LongDouble() {}

  /** A text that is not a float (what string2ld refuses). */
  private static final class Refused extends RuntimeException {
    Refused() {
      super(null, null, false, false);
    }
  }

  /**
   * {@code current + increment} as INCRBYFLOAT computes it, as the text it stores and replies.
   *
   * @param current the stored value, or null for a missing key (0)
   * @param currentError the error when {@code current} is not a float ({@code ERR value is not a
   *     valid float} for strings, {@code ERR hash value is not a float} for hash fields)
   * @throws CommandError {@code currentError}, {@code ERR value is not a valid float} for the
   *     increment, or {@code ERR increment would produce NaN or Infinity}
   */
  public static byte[] add(byte[] current, String currentError, byte[] increment) {
    BigDecimal a = current == null ? BigDecimal.ZERO : parseOrThrow(current, currentError);
    BigDecimal b = parseOrThrow(increment, RedisErrors.NOT_FLOAT);
    if (a == null || b == null) {
      throw new CommandError(RedisErrors.NAN_OR_INFINITY); // inf + x is inf or NaN
    }
    BigDecimal sum = round(a.add(b));
    if (sum == null) {
      throw new CommandError(RedisErrors.NAN_OR_INFINITY);
    }
    return human(sum).getBytes(StandardCharsets.US_ASCII);
  }

  /** Refuses an increment that is not a float before it is proposed: {@code ERR value is not a valid float}. */
  public static void check(byte[] increment) {
    parseOrThrow(increment, RedisErrors.NOT_FLOAT);
  }

  /** The value of {@code text}, null for an infinity; {@code error} when it is not a float. */
  private static BigDecimal parseOrThrow(byte[] text, String error) {
    try {
      return parse(text);
    } catch (Refused r) {
      throw new CommandError(error);
    }
  }

  /**
   * Parses {@code text} as Redis' string2ld: the whole text must be one strtold number (decimal or
   * hex, {@code inf}/{@code infinity} in any case), no leading space, no NaN, no overflow, no
   * underflow to zero. Returns the exact value of the rounded long double, or null for an infinity.
   */
  static BigDecimal parse(byte[] text) {
    if (text.length == 0 || text.length >= MAX_CHARS) {
      throw new Refused();
    }
    String s = new String(text, StandardCharsets.ISO_8859_1);
    int i = 0;
    boolean negative = false;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    String rest = s.substring(i).toLowerCase(java.util.Locale.ROOT);
    if (rest.equals("inf") || rest.equals("infinity")) {
      return null;
    }
    BigDecimal exact = rest.startsWith("0x") ? hex(rest.substring(2)) : decimal(rest);
    if (exact.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal rounded = round(exact);
    if (rounded == null || rounded.signum() == 0) {
      throw new Refused(); // ERANGE: overflow, or underflow to zero
    }
    return negative ? rounded.negate() : rounded;
  }

  /**
   * A number's text split as strtold reads it: digits in {@code radix} with an optional point
   * ({@code digits [. digits] | . digits}), then an optional exponent after {@code mark}; the text
   * must end there.
   */
  private record Parts(BigInteger mantissa, int fractionDigits, long exponent) {
    static Parts of(String s, int radix, char mark) {
      int i = 0;
      int n = s.length();
      StringBuilder digits = new StringBuilder();
      int fraction = 0;
      while (i < n && Character.digit(s.charAt(i), radix) >= 0) {
        digits.append(s.charAt(i++));
      }
      if (i < n && s.charAt(i) == '.') {
        i++;
        while (i < n && Character.digit(s.charAt(i), radix) >= 0) {
          digits.append(s.charAt(i++));
          fraction++;
        }
      }
      if (digits.length() == 0) {
        throw new Refused();
      }
      long exponent = 0;
      if (i < n && s.charAt(i) == mark) {
        exponent = LongDouble.exponent(s, i + 1);
        i = n;
      }
      if (i != n) {
        throw new Refused();
      }
      return new Parts(new BigInteger(digits.toString(), radix), fraction, exponent);
    }
  }

  /** A decimal float: mantissa × 10^(exponent − fraction digits). */
  private static BigDecimal decimal(String s) {
    Parts p = Parts.of(s, 10, 'e');
    if (p.mantissa().signum() == 0) {
      return BigDecimal.ZERO;
    }
    long scale = p.fractionDigits() - p.exponent();
    if (Math.abs(scale) > 20_000) {
      throw new Refused(); // far beyond both ends of the format
    }
    return new BigDecimal(p.mantissa(), (int) scale);
  }

  /** A hex float: mantissa × 2^(binary exponent − 4 × fraction digits). */
  private static BigDecimal hex(String s) {
    Parts p = Parts.of(s, 16, 'p');
    if (p.mantissa().signum() == 0) {
      return BigDecimal.ZERO;
    }
    long e = p.exponent() - 4L * p.fractionDigits();
    long top = e + p.mantissa().bitLength();
    if (top > 16385 || top < MIN_UNIT_EXPONENT - 2) {
      throw new Refused();
    }
    return new BigDecimal(p.mantissa()).multiply(pow2((int) e));
  }

  /** A signed decimal exponent from {@code from} to the end of {@code s}; saturates. */
  private static long exponent(String s, int from) {
    int i = from;
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    if (i >= s.length()) {
      throw new Refused();
    }
    long v = 0;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        throw new Refused();
      }
      v = Math.min(1_000_000_000L, v * 10 + (c - '0'));
    }
    return negative ? -v : v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** 2^k exactly, for any k (2^-k = 5^k / 10^k). */
  private static BigDecimal pow2(int k) {
    if (k >= 0) {
      return new BigDecimal(BigInteger.ONE.shiftLeft(k));
    }
    return new BigDecimal(BigInteger.valueOf(5).pow(-k), -k);
  }

  /**
   * {@code x} rounded to the nearest long double (ties to even), as an exact decimal; null when it
   * overflows to an infinity.
   */
  static BigDecimal round(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal a = x.abs();
    // floor(log2 a), estimated from the digits and corrected exactly
    BigInteger u = a.unscaledValue();
    int e = (int) Math.floor(u.bitLength() - 1 - a.scale() * LOG2_10);
    while (pow2(e).compareTo(a) > 0) {
      e--;
    }
    while (pow2(e + 1).compareTo(a) <= 0) {
      e++;
    }
    int unit = Math.max(e - (SIGNIFICAND_BITS - 1), MIN_UNIT_EXPONENT);
    BigInteger m = a.multiply(pow2(-unit)).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    if (m.bitLength() > SIGNIFICAND_BITS) {
      m = m.shiftRight(1); // rounded up to 2^64: one more binade
      unit++;
    }
    if (unit > MAX_UNIT_EXPONENT) {
      return null;
    }
    BigDecimal r = new BigDecimal(m).multiply(pow2(unit));
    return x.signum() < 0 ? r.negate() : r;
  }

  /** Redis' LD_STR_HUMAN: {@code %.17Lf}, trailing zeros and a trailing point removed, "-0" as "0". */
  static String human(BigDecimal v) {
    BigDecimal r = v.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros();
    if (r.signum() == 0) {
      return "0";
    }
    return r.scale() < 0 ? r.setScale(0).toPlainString() : r.toPlainString();
  }
}
