package io.pacraft.server.command;

import io.pacraft.server.storage.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * A command's arguments with Redis' parsing rules: {@code arg(0)} is the command name; numbers parse
 * exactly as Redis parses them (string2ll, strtold) and fail with Redis' error texts.
 */
public final class CommandArgs {
  private final byte[][] argv;

  public CommandArgs(byte[][] argv) {
    this.argv = argv;
  }

  public byte[][] argv() {
    return argv;
  }

  /** Number of arguments including the command name. */
  public int count() {
    return argv.length;
  }

  public byte[] arg(int i) {
    return argv[i];
  }

  public String string(int i) {
    return new String(argv[i], StandardCharsets.UTF_8);
  }

  /** The argument lowercased (ASCII), for option words. */
  public String word(int i) {
    return Bytes.lowerAscii(argv[i]);
  }

  /** True when argument {@code i} is the option {@code word} (given lowercase), in any case. */
  public boolean is(int i, String word) {
    return Bytes.equalsIgnoreCase(argv[i], word);
  }

  /** Argument {@code i} as a 64-bit integer, else {@code ERR value is not an integer or out of range}. */
  public long longArg(int i) {
    return parseLong(argv[i]);
  }

  /** Argument {@code i} as an integer with {@code message} as the error. */
  public long longArg(int i, String message) {
    try {
      return parseLong(argv[i]);
    } catch (CommandError e) {
      throw new CommandError(message);
    }
  }

  public double doubleArg(int i) {
    return parseDouble(argv[i]);
  }

  /**
   * Parses a decimal 64-bit integer exactly as Redis' string2ll: optional '-', no '+', no leading
   * zeros (except "0"), no spaces, at most 20 characters, no overflow.
   */
  public static long parseLong(byte[] b) {
    Long v = tryParseLong(b);
    if (v == null) {
      throw RedisErrors.notInteger();
    }
    return v;
  }

  /** {@link #parseLong} returning null instead of throwing. */
  public static Long tryParseLong(byte[] b) {
    int len = b.length;
    if (len == 0 || len > 20) {
      return null;
    }
    if (len == 1 && b[0] == '0') {
      return 0L;
    }
    int i = 0;
    boolean negative = false;
    if (b[0] == '-') {
      negative = true;
      i = 1;
      if (len == 1) {
        return null;
      }
    }
    if (b[i] < '1' || b[i] > '9') {
      return null;
    }
    long v = 0; // accumulate negatively to reach Long.MIN_VALUE
    for (; i < len; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      if (v < (Long.MIN_VALUE + d) / 10) {
        return null;
      }
      long next = v * 10 - d;
      if (next > v) {
        return null;
      }
      v = next;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        return null;
      }
      return -v;
    }
    return v;
  }

  /**
   * Parses a double as Redis' getDoubleFromObject / strtold: decimal or hex floats, "inf",
   * "+inf", "-inf", "infinity" in any case; no leading space, no trailing garbage, no NaN.
   */
  public static double parseDouble(byte[] b) {
    Double d = tryParseDouble(b);
    if (d == null) {
      throw new CommandError(RedisErrors.NOT_FLOAT);
    }
    return d;
  }

  public static Double tryParseDouble(byte[] b) {
    if (b.length == 0 || b.length > 5000) {
      return null;
    }
    String s = new String(b, StandardCharsets.ISO_8859_1);
    char first = s.charAt(0);
    if (Character.isWhitespace(first) || Character.isWhitespace(s.charAt(s.length() - 1))) {
      return null;
    }
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (lower.contains("nan") || lower.endsWith("d") || lower.endsWith("f")) {
      return null; // Java would accept 1.5d / 1.5f; strtod does not
    }
    try {
      double d;
      if (lower.startsWith("0x") || lower.startsWith("-0x") || lower.startsWith("+0x")) {
        d = parseHexDouble(lower);
      } else {
        for (int i = 0; i < lower.length(); i++) {
          char c = lower.charAt(i);
          if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != '-' && c != '+') {
            return null;
          }
        }
        d = Double.parseDouble(lower);
      }
      return Double.isNaN(d) ? null : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static double parseHexDouble(String lower) {
    // Java accepts hex floats only with a binary exponent: 0x1.8p1
    return Double.parseDouble(lower.contains("p") ? lower : lower + "p0");
  }
}
