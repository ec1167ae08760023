package io.pacraft.jepsen.check;

import io.pacraft.jepsen.elle.ListAppendChecker;
import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.linear.Linearizability;
import io.pacraft.jepsen.model.ModelKind;
import io.pacraft.jepsen.verdict.Result;

/**
 * Checks a history the way {@code pacraft check} does: list-append transactions with the
 * dependency-graph checker, everything else with the linearizability search against the chosen
 * (or inferred) model.
 */
public final class HistoryCheck {
  private HistoryCheck() {}

  /**
   * Checks one history.
   *
   * @throws IllegalArgumentException when the history is malformed, no model can be inferred, or
   *     it holds operations the model does not know
   */
  public static Result check(History history, CheckSettings settings) {
    ModelKind kind = settings.model() != null ? settings.model() : ModelKind.infer(history);
    if (kind == ModelKind.LIST_APPEND) {
      if (settings.initial() != null) {
        throw new IllegalArgumentException("list-append lists always start empty");
      }
      return ListAppendChecker.check(history);
    }
    Linearizability.Options options = Linearizability.Options.defaults()
        .withThreads(Math.max(1, settings.threads()))
        .withCasFailure(settings.casFailure())
        .withTimeLimit(settings.timeLimit());
    return Linearizability.check(history, kind.create(settings.initial()), options);
  }
}
