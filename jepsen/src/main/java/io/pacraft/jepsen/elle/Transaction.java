package io.pacraft.jepsen.elle;

import io.pacraft.jepsen.edn.EdnWriter;
import io.pacraft.jepsen.history.MicroOp;
import io.pacraft.jepsen.history.Op;
import java.util.List;

/**
 * A list-append transaction of a history: its invocation paired with its completion.
 *
 * @param id dense number, the node of the dependency graph
 * @param invocation the invocation event
 * @param completion the completion event, or null when the history ends first
 * @param outcome how it ended
 * @param steps its steps: the completion's for {@link Outcome#OK} (reads filled in), the
 *     invocation's otherwise
 * @param invokedAt the invocation's position in the history
 * @param completedAt the completion's position; {@link Integer#MAX_VALUE} unless {@link
 *     Outcome#OK} or {@link Outcome#FAILED}
 */
public record Transaction(
    int id,
    Op invocation,
    Op completion,
    Outcome outcome,
    List<MicroOp> steps,
    int invokedAt,
    int completedAt) {

  /** How a transaction ended. */
  public enum Outcome {
    /** Committed; its reads are what it saw. */
    OK,
    /** Unknown: it may have committed. Its reads are unknown, its appends may be visible. */
    INDETERMINATE,
    /** Aborted: nothing it wrote may be visible. */
    FAILED
  }

  /** The event that names this transaction in reports: the completion, else the invocation. */
  public Op event() {
    return completion != null ? completion : invocation;
  }

  /** A short name such as {@code T12}, its history index, for reports. */
  public String label() {
    return "T" + event().index();
  }

  @Override
  public String toString() {
    return label() + " " + EdnWriter.write(event());
  }
}
