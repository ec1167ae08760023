package io.pacraft.jepsen.linear;

import io.pacraft.jepsen.verdict.Result;
import io.pacraft.jepsen.verdict.Verdict;
import java.util.Optional;

/**
 * The outcome of {@link Linearizability#check}: the verdict, a one-line reason, and for an invalid
 * history the {@link Counterexample}.
 *
 * @param verdict valid, invalid or unknown
 * @param reason one line
 * @param counterexample present when invalid
 * @param partitions how many independent partitions (keys) the history split into
 * @param configurations how many configurations the searches cached, in all
 */
public record LinearizabilityResult(
    Verdict verdict,
    String reason,
    Optional<Counterexample> counterexample,
    int partitions,
    long configurations) implements Result {

  @Override
  public String explanation() {
    return counterexample.isPresent() ? counterexample.get().explanation(12) : reason;
  }
}
