package io.pacraft.jepsen.check;

import io.pacraft.jepsen.linear.CasFailure;
import io.pacraft.jepsen.model.ModelKind;
import java.time.Duration;

/**
 * How {@link HistoryCheck} checks a history.
 *
 * @param model the model, or null to {@link ModelKind#infer infer} it from each history
 * @param initial the model's initial value (null: the model's default)
 * @param casFailure how a failed {@code :cas} is read
 * @param timeLimit how long one history's check may take, or null for no limit
 * @param threads how many threads one history's check may use
 */
public record CheckSettings(
    ModelKind model, Object initial, CasFailure casFailure, Duration timeLimit, int threads) {

  /** Inferred model, default initial value, failed cas dropped, no time limit, all processors. */
  public static CheckSettings defaults() {
    return new CheckSettings(null, null, CasFailure.DROP, null,
        Runtime.getRuntime().availableProcessors());
  }

  public CheckSettings withModel(ModelKind m) {
    return new CheckSettings(m, initial, casFailure, timeLimit, threads);
  }

  public CheckSettings withInitial(Object v) {
    return new CheckSettings(model, v, casFailure, timeLimit, threads);
  }

  public CheckSettings withCasFailure(CasFailure c) {
    return new CheckSettings(model, initial, c, timeLimit, threads);
  }

  public CheckSettings withTimeLimit(Duration d) {
    return new CheckSettings(model, initial, casFailure, d, threads);
  }

  public CheckSettings withThreads(int n) {
    return new CheckSettings(model, initial, casFailure, timeLimit, n);
  }
}
