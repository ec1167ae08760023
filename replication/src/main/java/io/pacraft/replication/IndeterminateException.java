package io.pacraft.replication;

/**
 * A proposal was appended to the log but this replica lost the means to learn whether it commits
 * (leadership lost, group closed). It may or may not take effect; a client must not be told it
 * failed.
 */
public final class IndeterminateException extends RuntimeException {
  public IndeterminateException(String message) {
    super(message, null, false, false);
  }
}
