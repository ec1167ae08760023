package io.pacraft.replication.sim;

/**
 * One event of a client operation's life, as Jepsen records it: an invocation, then ok, fail (it
 * certainly did not happen) or info (it may or may not have happened).
 *
 * @param process the client process; a process that saw info is retired and a new one continues
 * @param type invoke, ok, fail or info
 * @param f read or write (of a single register)
 * @param value the value written, or read (null for an invocation of a read, or a read of the empty
 *     register)
 * @param time virtual nanoseconds
 * @param index where the operation took effect in the replicated log, when known (the log index of
 *     a write; for a read, the applied index of the state it saw), else -1
 */
public record Operation(int process, Type type, F f, Long value, long time, long index) {
  /** Jepsen's operation types. */
  public enum Type {
    INVOKE,
    OK,
    FAIL,
    INFO
  }

  /** The register's functions. */
  public enum F {
    READ,
    WRITE
  }

  @Override
  public String toString() {
    return "{:process " + process + ", :type :" + type.name().toLowerCase(java.util.Locale.ROOT) + ", :f :"
        + f.name().toLowerCase(java.util.Locale.ROOT) + ", :value " + (value == null ? "nil" : value)
        + ", :time " + time + (index >= 0 ? ", :index " + index : "") + "}";
  }
}
