package io.pacraft.jepsen.linear;

/** What a {@code :fail} completion of a {@code :cas} means. */
public enum CasFailure {
  /** It did not happen (Knossos' reading of every {@code :fail}). */
  DROP,
  /**
   * It happened and saw a value other than the expected one, e.g. a Redis {@code SET k new IFEQ
   * old} answered with nil: the register held something else at some point during the call. A
   * {@code :fail} that carries an {@code :error} (a redirect, a refused connection) still means it
   * did not happen.
   */
  DEFINITE
}
