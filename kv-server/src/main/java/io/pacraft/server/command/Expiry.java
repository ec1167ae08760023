package io.pacraft.server.command;

/**
 * Expiry arguments as Redis reads them (EX/PX/EXAT/PXAT, EXPIRE family): positive, no overflow once
 * made absolute, else {@code ERR invalid expire time in '<cmd>' command}.
 */
public final class Expiry {
  private Expiry() {}

  public enum Unit {
    SECONDS,
    MILLISECONDS,
    UNIX_SECONDS,
    UNIX_MILLISECONDS
  }

  /**
   * The absolute unix-ms time for {@code value} in {@code unit} at {@code now}. {@code allowNonPositive}
   * is for the EXPIRE family, which accepts 0 and negatives (they delete the key).
   */
  public static long absolute(long value, Unit unit, long now, String command, boolean allowNonPositive) {
    if (!allowNonPositive && value <= 0) {
      throw new CommandError(RedisErrors.invalidExpire(command));
    }
    try {
      switch (unit) {
        case SECONDS:
          return Math.addExact(Math.multiplyExact(value, 1000L), now);
        case MILLISECONDS:
          return Math.addExact(value, now);
        case UNIX_SECONDS:
          return Math.multiplyExact(value, 1000L);
        case UNIX_MILLISECONDS:
        default:
          return value;
      }
    } catch (ArithmeticException e) {
      throw new CommandError(RedisErrors.invalidExpire(command));
    }
  }

  /** Checks what {@link #absolute} can without a clock, to refuse a bad command before proposing it. */
  public static void check(long value, Unit unit, String command, boolean allowNonPositive) {
    absolute(value, unit, 0, command, allowNonPositive);
  }
}
