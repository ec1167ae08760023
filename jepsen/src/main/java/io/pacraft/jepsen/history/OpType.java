package io.pacraft.jepsen.history;

/**
 * What an {@link Op} records: a client starting an operation, or one of the three ways it can end.
 */
public enum OpType {
  /** The client sent the request. */
  INVOKE,
  /** The operation happened, and its value is what the client observed. */
  OK,
  /** The operation certainly did not happen. */
  FAIL,
  /** The outcome is unknown: the operation may have happened at any time after its invocation. */
  INFO;

  /** The EDN keyword name ({@code invoke}, {@code ok}, {@code fail}, {@code info}). */
  public String keywordName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The type whose keyword name is {@code name}, or null when there is none. */
  public static OpType fromKeywordName(String name) {
    return switch (name) {
      case "invoke" -> INVOKE;
      case "ok" -> OK;
      case "fail" -> FAIL;
      case "info" -> INFO;
      default -> null;
    };
  }

  /** True for {@link #OK}, {@link #FAIL} and {@link #INFO}. */
  public boolean isCompletion() {
    return this != INVOKE;
  }
}
