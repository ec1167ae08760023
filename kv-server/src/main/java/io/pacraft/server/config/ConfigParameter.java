package io.pacraft.server.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration parameter: its name (as in redis.conf and CONFIG GET), default, whether CONFIG
 * SET may change it at run time, and how a text value is validated and normalised.
 */
public record ConfigParameter(
    String name, String defaultValue, boolean mutable, Function<String, String> validator, String description) {
  public ConfigParameter {
    Objects.requireNonNull(name);
    Objects.requireNonNull(defaultValue);
    Objects.requireNonNull(validator);
  }

  /** The normalised value, or IllegalArgumentException with Redis' reason text. */
  public String validate(String value) {
    return validator.apply(value);
  }

  // ---- validators

  public static Function<String, String> anyString() {
    return v -> v;
  }

  public static Function<String, String> longRange(long min, long max) {
    return v -> {
      long n = parseMemoryOrLong(v);
      if (n < min || n > max) {
        throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
      }
      return Long.toString(n);
    };
  }

  public static Function<String, String> yesNo() {
    return v -> {
      switch (v.toLowerCase(java.util.Locale.ROOT)) {
        case "yes":
          return "yes";
        case "no":
          return "no";
        default:
          throw new IllegalArgumentException("argument must be 'yes' or 'no'");
      }
    };
  }

  public static Function<String, String> oneOf(String... values) {
    return v -> {
      for (String a : values) {
        if (a.equalsIgnoreCase(v)) {
          return a;
        }
      }
      throw new IllegalArgumentException("argument(s) must be one of the following: " + String.join(", ", values));
    };
  }

  /** Parses {@code 512mb}, {@code 1gb}, {@code 100k} (Redis' memtoull units) or a plain integer. */
  public static long parseMemoryOrLong(String v) {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    long mul = 1;
    String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
    for (String[] u : units) {
      if (s.endsWith(u[0]) && s.length() > u[0].length()) {
        mul = Long.parseLong(u[1]);
        s = s.substring(0, s.length() - u[0].length());
        break;
      }
    }
    try {
      return Math.multiplyExact(Long.parseLong(s), mul);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("argument couldn't be parsed into an integer");
    }
  }
}
