package io.pacraft.jepsen.history;

/**
 * A client's invocation and the completion that answers it.
 *
 * @param invocation the {@link OpType#INVOKE} event
 * @param completion the {@code :ok}, {@code :fail} or {@code :info} event, or null when the
 *     history ends before one
 * @param invokedAt the invocation's position in the history
 * @param completedAt the completion's position, or -1 when there is none
 */
public record Pairing(Op invocation, Op completion, int invokedAt, int completedAt) {

  /** The completion's type, {@link OpType#INFO} when there is no completion. */
  public OpType outcome() {
    return completion == null ? OpType.INFO : completion.type();
  }
}
