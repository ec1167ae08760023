package io.pacraft.jepsen.history;

import java.util.Objects;

/**
 * One event of a history: a client's invocation or completion of an operation.
 *
 * <p>Values follow the history value model: {@code null}, {@link Long} (integers), {@link Double},
 * {@link Boolean}, {@link String}, {@link Keyword}, {@link java.util.List}, {@link java.util.Map}
 * and {@link java.util.Set}, nested freely. {@code f} is the operation's name without a colon
 * ({@code "read"}, {@code "cas"}, {@code "txn"}).
 *
 * @param index position in the history, or -1 when not yet assigned
 * @param process the client: a {@link Long} for client processes, anything else (e.g. the keyword
 *     {@code :nemesis}) for events the checkers ignore
 * @param type invocation or completion kind
 * @param f the operation's name
 * @param value the argument (invocations) or the observed result (completions)
 * @param time nanoseconds on the recorder's clock, or -1 when unknown
 * @param key the key the operation touches, or null when the history is not keyed
 * @param error the error a failed or indeterminate operation reported, or null
 */
public record Op(
    long index,
    Object process,
    OpType type,
    String f,
    Object value,
    long time,
    Object key,
    Object error) {

  public Op {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(f, "f");
  }

  /** An invocation by client {@code process}. */
  public static Op invoke(long process, String f, Object value) {
    return new Op(-1, process, OpType.INVOKE, f, value, -1, null, null);
  }

  /** A successful completion by client {@code process}. */
  public static Op ok(long process, String f, Object value) {
    return new Op(-1, process, OpType.OK, f, value, -1, null, null);
  }

  /** A definite failure: the operation did not happen. */
  public static Op fail(long process, String f, Object value) {
    return new Op(-1, process, OpType.FAIL, f, value, -1, null, null);
  }

  /** An indeterminate completion: the operation may or may not have happened. */
  public static Op info(long process, String f, Object value) {
    return new Op(-1, process, OpType.INFO, f, value, -1, null, null);
  }

  public Op withIndex(long newIndex) {
    return new Op(newIndex, process, type, f, value, time, key, error);
  }

  public Op withTime(long newTime) {
    return new Op(index, process, type, f, value, newTime, key, error);
  }

  public Op withKey(Object newKey) {
    return new Op(index, process, type, f, value, time, newKey, error);
  }

  public Op withError(Object newError) {
    return new Op(index, process, type, f, value, time, key, newError);
  }

  public Op withValue(Object newValue) {
    return new Op(index, process, type, f, newValue, time, key, error);
  }

  /** True when the process is a client (an integer), i.e. the checkers consider this event. */
  public boolean isClient() {
    return process instanceof Long;
  }

  /** The client process number; only meaningful when {@link #isClient()}. */
  public long clientProcess() {
    return (Long) process;
  }
}
