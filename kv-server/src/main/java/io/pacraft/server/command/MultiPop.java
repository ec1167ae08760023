package io.pacraft.server.command;

/**
 * The arguments of LMPOP, BLMPOP, ZMPOP and BZMPOP after {@code numkeys}: the keys, the end to pop
 * from (LEFT/RIGHT or MIN/MAX) and {@code COUNT} (1 when absent).
 *
 * @param numkeysAt where {@code numkeys} is; the keys follow it
 * @param numkeys how many keys
 * @param first LEFT or MIN
 * @param count elements to pop at most
 */
public record MultiPop(int numkeysAt, int numkeys, boolean first, long count) {
  public static MultiPop parse(CommandArgs a, int numkeysAt, boolean zset) {
    int n = NumKeys.parse(a, numkeysAt, null);
    int whereAt = numkeysAt + n + 1;
    if (whereAt >= a.count()) {
      throw RedisErrors.syntax();
    }
    boolean first;
    if (zset) {
      if (a.is(whereAt, "min")) {
        first = true;
      } else if (a.is(whereAt, "max")) {
        first = false;
      } else {
        throw RedisErrors.syntax();
      }
    } else {
      first = side(a, whereAt);
    }
    long count = -1;
    for (int i = whereAt + 1; i < a.count(); i++) {
      if (a.is(i, "count") && count < 0 && i + 1 < a.count()) {
        Long c = CommandArgs.tryParseLong(a.arg(++i));
        if (c == null || c <= 0) {
          throw new CommandError("ERR count should be greater than 0");
        }
        count = c;
      } else {
        throw RedisErrors.syntax();
      }
    }
    return new MultiPop(numkeysAt, n, first, count < 0 ? 1 : count);
  }

  /** The i-th key. */
  public byte[] key(CommandArgs a, int i) {
    return a.arg(numkeysAt + 1 + i);
  }

  /** LEFT (true) or RIGHT at argument {@code i}, else a syntax error. */
  public static boolean side(CommandArgs a, int i) {
    if (a.is(i, "left")) {
      return true;
    }
    if (a.is(i, "right")) {
      return false;
    }
    throw RedisErrors.syntax();
  }
}
