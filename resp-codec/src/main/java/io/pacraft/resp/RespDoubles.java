package io.pacraft.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The text of a double in replies: what {@link RespEncoder} writes for {@link RespValue.Double}
 * and what commands put in bulk strings (ZSCORE, ZINCRBY, GEODIST...).
 */
public final class RespDoubles {
  private RespDoubles() {}

  /** Room for any text {@link #format} produces (at most 25 bytes: {@code -1.2345678901234567e+23}
   * is written plain, {@code -123456789012345670000000}). */
  static final int MAX_LENGTH = 32;

  private static final double INTEGRAL_LIMIT = (double) (Long.MAX_VALUE / 2);

  /**
   * Redis' {@code d2string} (Redis 7.2 and later, in every double reply): {@code nan}, {@code inf},
   * {@code -inf}, {@code 0}, {@code -0}; an integral value within ±2^62 as an integer ({@code 3});
   * otherwise the shortest text that reads back to the same double, as {@code fpconv_dtoa} prints
   * it ({@code 0.1}, {@code 1.5e+20}, {@code 1e-7}).
   */
  public static String format(double d) {
    byte[] buf = new byte[MAX_LENGTH];
    int len = format(d, buf);
    return new String(buf, 0, len, StandardCharsets.ISO_8859_1);
  }

  /** {@link #format} into {@code dest} (at least {@value #MAX_LENGTH} bytes); returns the length. */
  static int format(double d, byte[] dest) {
    if (Double.isNaN(d)) {
      return ascii("nan", dest);
    }
    if (Double.isInfinite(d)) {
      return ascii(d > 0 ? "inf" : "-inf", dest);
    }
    if (d == 0) {
      return ascii(1.0 / d < 0 ? "-0" : "0", dest);
    }
    if (d >= -INTEGRAL_LIMIT && d <= INTEGRAL_LIMIT) {
      long l = (long) d;
      if (l == d) {
        return ascii(Long.toString(l), dest);
      }
    }
    return Grisu.dtoa(d, dest, 0);
  }

  /**
   * C's {@code printf("%.17g")}, what Redis 7.0 wrote for double replies ({@code
   * 0.10000000000000001}, {@code 1e+20}, {@code 1.0000000000000001e-05}), with {@code inf},
   * {@code -inf} and {@code nan}. For byte-exact comparisons with a Redis 7.0 server.
   */
  public static String formatG17(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return 1.0 / d < 0 ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(Math.abs(d));
    BigDecimal rounded = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    String digits = rounded.unscaledValue().toString();
    int exponent = digits.length() - 1 - rounded.scale(); // of the first digit
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(0, end);
    StringBuilder sb = new StringBuilder(32);
    if (d < 0) {
      sb.append('-');
    }
    if (exponent < -4 || exponent >= 17) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        sb.append('0');
      }
      sb.append(abs);
    } else if (exponent < 0) {
      sb.append("0.");
      for (int i = -1; i > exponent; i--) {
        sb.append('0');
      }
      sb.append(digits);
    } else if (digits.length() <= exponent + 1) {
      sb.append(digits);
      for (int i = digits.length(); i <= exponent; i++) {
        sb.append('0');
      }
    } else {
      sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
    }
    return sb.toString();
  }

  private static int ascii(String s, byte[] dest) {
    for (int i = 0; i < s.length(); i++) {
      dest[i] = (byte) s.charAt(i);
    }
    return s.length();
  }
}
