package io.pacraft.jepsen.verdict;

/** What a checker concluded about a history. */
public enum Verdict {
  /** The history satisfies the property. */
  VALID,
  /** The history violates the property; the result says where. */
  INVALID,
  /** The checker could not decide (time or memory limit, cancelled). */
  UNKNOWN;

  /**
   * The verdict of several checks together: invalid if any is invalid, else unknown if any is
   * unknown, else valid.
   */
  public Verdict and(Verdict other) {
    if (this == INVALID || other == INVALID) {
      return INVALID;
    }
    return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : VALID;
  }
}
