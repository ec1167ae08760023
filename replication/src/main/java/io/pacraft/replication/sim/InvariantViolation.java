package io.pacraft.replication.sim;

/** A safety property was broken; the message says which and how. */
public final class InvariantViolation extends RuntimeException {
  public InvariantViolation(String message) {
    super(message, null, false, false);
  }
}
