package io.pacraft.server.command;

import java.util.concurrent.CompletionStage;

/**
 * A reply that {@code stage} settles: when it completes (on whatever thread completes it), {@code
 * settle} turns its outcome into the reply, or throws the failure to answer. What a command that
 * waits (for its log entry, a read barrier...) answers its connection with: the connection waits on
 * the command's own stage, with no stage in between for the bookkeeping.
 */
public record Deferred(CompletionStage<?> stage, Settle settle) {
  /** The reply for a stage's outcome: {@code failure} is null when it completed with {@code value}. */
  @FunctionalInterface
  public interface Settle {
    Object apply(Object value, Throwable failure);
  }
}
