package io.pacraft.server.command;

/**
 * Commands whose keys follow a {@code numkeys} argument (LMPOP, ZUNION, SINTERCARD...): finding
 * the keys for the command table and parsing the count with Redis' errors.
 */
public final class NumKeys {
  private NumKeys() {}

  /**
   * The key finder for {@code numkeys} at argument {@code at}, the keys right after it, plus the
   * keys at {@code fixed} positions (a destination key); finds nothing when the count is unusable.
   */
  public static CommandSpec.KeyFinder after(int at, int... fixed) {
    return argv -> {
      if (argv.length <= at) {
        return fixed.clone();
      }
      Long n = CommandArgs.tryParseLong(argv[at]);
      if (n == null || n <= 0 || n > argv.length - at - 1) {
        return fixed.clone();
      }
      int[] out = new int[fixed.length + n.intValue()];
      System.arraycopy(fixed, 0, out, 0, fixed.length);
      for (int i = 0; i < n; i++) {
        out[fixed.length + i] = at + 1 + i;
      }
      return out;
    };
  }

  /**
   * The {@code numkeys} argument at {@code at}: a positive integer, else {@code ERR numkeys should
   * be greater than 0}; more keys than arguments left is {@code ERR Number of keys can't be greater
   * than number of args} (SINTERCARD) or a syntax error ({@code tooMany} null: LMPOP, ZMPOP).
   */
  public static int parse(CommandArgs a, int at, String tooMany) {
    Long n = CommandArgs.tryParseLong(a.arg(at));
    if (n == null || n <= 0) {
      throw new CommandError("ERR numkeys should be greater than 0");
    }
    if (n > a.count() - at - 1) {
      throw tooMany == null ? RedisErrors.syntax() : new CommandError(tooMany);
    }
    return n.intValue();
  }

  /**
   * The options after the keys of SINTERCARD and ZINTERCARD, from argument {@code from}: only
   * {@code LIMIT n} (0, the default, means none); a negative or non-integer limit is {@code ERR
   * LIMIT can't be negative}, anything else a syntax error.
   */
  public static long cardLimit(CommandArgs a, int from) {
    long limit = 0;
    for (int i = from; i < a.count(); i++) {
      if (a.is(i, "limit") && i + 1 < a.count()) {
        Long l = CommandArgs.tryParseLong(a.arg(++i));
        if (l == null || l < 0) {
          throw new CommandError("ERR LIMIT can't be negative");
        }
        limit = l;
      } else {
        throw RedisErrors.syntax();
      }
    }
    return limit;
  }

  public static final String TOO_MANY = "ERR Number of keys can't be greater than number of args";
}
