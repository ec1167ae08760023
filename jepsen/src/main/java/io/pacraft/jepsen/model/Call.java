package io.pacraft.jepsen.model;

import io.pacraft.jepsen.history.Op;

/**
 * One client operation of a history, its invocation paired with its completion: what a {@link
 * Model} steps through.
 *
 * @param id dense number within the history (or partition) being checked
 * @param f the operation's name
 * @param input the invocation's value
 * @param output the completion's value when {@link Outcome#OK}, otherwise null
 * @param outcome how the operation ended
 * @param invocation the invocation event
 * @param completion the completion event, or null when the history ends before it
 * @param invokedAt the invocation's position in the history
 * @param completedAt the completion's position, or {@link Integer#MAX_VALUE} when it may take
 *     effect any time after its invocation (an {@code :info} or missing completion)
 */
public record Call(
    int id,
    String f,
    Object input,
    Object output,
    Outcome outcome,
    Op invocation,
    Op completion,
    int invokedAt,
    int completedAt) {

  /** How an operation ended, as far as the checker is concerned. */
  public enum Outcome {
    /** It happened and the client saw {@link Call#output()}. */
    OK,
    /** Unknown: it may have happened at any time after its invocation, or never. */
    INDETERMINATE,
    /**
     * It happened and was refused: a compare-and-set that saw a different value (only with {@code
     * --cas-fail definite}).
     */
    REFUSED
  }

  /**
   * The value Knossos checks: the completion's value for {@link Outcome#OK}, the invocation's
   * otherwise.
   */
  public Object value() {
    return outcome == Outcome.OK ? output : input;
  }

  /** The process that made the call. */
  public Object process() {
    return invocation.process();
  }

  /** The key of a keyed history, or null. */
  public Object key() {
    return invocation.key();
  }

  /** True when the call has no completion that bounds it. */
  public boolean isOpen() {
    return completedAt == Integer.MAX_VALUE;
  }
}
