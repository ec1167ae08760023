package io.pacraft.server.command;

/** Redis' error texts, word for word, so that clients matching on them keep working. */
public final class RedisErrors {
  private RedisErrors() {}

  public static final String SYNTAX = "ERR syntax error";
  public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
  public static final String NOT_FLOAT = "ERR value is not a valid float";
  public static final String OVERFLOW = "ERR increment or decrement would overflow";
  public static final String NAN_OR_INFINITY = "ERR increment would produce NaN or Infinity";
  public static final String NO_SUCH_KEY = "ERR no such key";
  public static final String OFFSET_OUT_OF_RANGE = "ERR offset is out of range";
  public static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
  public static final String NOAUTH = "NOAUTH Authentication required.";
  public static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
  public static final String DB_OUT_OF_RANGE = "ERR DB index is out of range";
  public static final String NOT_POSITIVE = "ERR value is out of range, must be positive";

  public static String wrongArity(String fullName) {
    return "ERR wrong number of arguments for '" + fullName + "' command";
  }

  public static String invalidExpire(String command) {
    return "ERR invalid expire time in '" + command + "' command";
  }

  public static CommandError syntax() {
    return new CommandError(SYNTAX);
  }

  public static CommandError notInteger() {
    return new CommandError(NOT_INTEGER);
  }
}
