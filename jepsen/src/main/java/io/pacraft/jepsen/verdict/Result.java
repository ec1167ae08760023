package io.pacraft.jepsen.verdict;

/** The outcome of checking a history: a verdict and one line saying why. */
public interface Result {
  Verdict verdict();

  /**
   * One line: for a valid history what was checked, otherwise what is wrong or what stopped the
   * check.
   */
  String reason();

  /** Several lines for a person: the reason and the evidence behind it. */
  default String explanation() {
    return reason();
  }

  default boolean isValid() {
    return verdict() == Verdict.VALID;
  }
}
