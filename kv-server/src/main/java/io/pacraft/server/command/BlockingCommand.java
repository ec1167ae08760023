package io.pacraft.server.command;

/**
 * A blocking pop (BLPOP, BLMOVE, BZPOPMIN...). As a log entry it is the non-blocking attempt: it
 * pops if it can and otherwise answers a null reply without writing anything, which is also what
 * it answers inside MULTI. A client outside MULTI whose attempt comes back null waits until a write
 * to one of the keys is applied, then proposes the attempt again, until it gets an element or its
 * timeout passes.
 */
public interface BlockingCommand extends KeyspaceCommand {
  /** The timeout argument in milliseconds, 0 meaning forever (validated by {@link #check}). */
  long timeoutMillis(CommandArgs args);

  /** A blocking command from its argument check, its attempt and where its timeout is. */
  static BlockingCommand of(
      java.util.function.Consumer<CommandArgs> check,
      java.util.function.BiFunction<io.pacraft.server.storage.Keyspace, CommandArgs, io.pacraft.resp.RespValue> attempt,
      java.util.function.ToIntFunction<CommandArgs> timeoutIndex) {
    return new BlockingCommand() {
      @Override
      public void check(CommandArgs args) {
        check.accept(args);
      }

      @Override
      public io.pacraft.resp.RespValue execute(io.pacraft.server.storage.Keyspace ks, CommandArgs args) {
        return attempt.apply(ks, args);
      }

      @Override
      public long timeoutMillis(CommandArgs args) {
        return parseTimeout(args.arg(timeoutIndex.applyAsInt(args)));
      }
    };
  }

  /** Checks the timeout of a command whose last argument it is (BLPOP, BZPOPMIN, BLMOVE...). */
  static void checkLastTimeout(CommandArgs args) {
    parseTimeout(args.arg(args.count() - 1));
  }

  /**
   * Parses a blocking timeout in seconds (a float) as Redis does: {@code ERR timeout is not a
   * float or out of range}, {@code ERR timeout is out of range}, {@code ERR timeout is negative}.
   */
  static long parseTimeout(byte[] arg) {
    Double d = CommandArgs.tryParseDouble(arg);
    if (d == null) {
      throw new CommandError("ERR timeout is not a float or out of range");
    }
    double ms = d * 1000.0;
    if (ms > Long.MAX_VALUE) {
      throw new CommandError("ERR timeout is out of range");
    }
    long millis = (long) Math.ceil(ms);
    if (millis < 0) {
      throw new CommandError("ERR timeout is negative");
    }
    return millis;
  }
}
