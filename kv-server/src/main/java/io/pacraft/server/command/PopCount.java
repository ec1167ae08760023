package io.pacraft.server.command;

/** The optional COUNT of LPOP, RPOP, SPOP, ZPOPMIN and ZPOPMAX (argument 2). */
public final class PopCount {
  private PopCount() {}

  /**
   * The count, or -1 when absent; {@code ERR value is out of range, must be positive} below 0. More
   * arguments are a wrong-arity error for LPOP/RPOP ({@code arityError}), a syntax error otherwise.
   */
  public static long parse(CommandArgs a, boolean arityError) {
    if (a.count() > 3) {
      throw arityError ? new CommandError(RedisErrors.wrongArity(a.word(0))) : RedisErrors.syntax();
    }
    if (a.count() < 3) {
      return -1;
    }
    long n = a.longArg(2, RedisErrors.NOT_POSITIVE);
    if (n < 0) {
      throw new CommandError(RedisErrors.NOT_POSITIVE);
    }
    return n;
  }
}
