package io.pacraft.server.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Keeps one connection's keyspace commands in the order it sent them, as Redis runs a pipeline:
 * a read starts only once the connection's earlier writes are applied (so it sees them), and a
 * write is proposed only once the connection's earlier reads have run (so they do not see it).
 * Writes after writes need no wait (the log orders them), nor reads after reads; a command that
 * has to wait holds back the ones after it, so they start in the order they came. In the common
 * cases (only writes, only reads, or reads answered at once) nothing waits. Used on the
 * connection's event loop only.
 */
public final class CommandOrder {
  private static final CompletableFuture<Object> DONE = CompletableFuture.completedFuture(null);

  /** Completes (perhaps exceptionally) when every write started so far has finished. */
  private CompletableFuture<?> writes = DONE;
  /** Completes (perhaps exceptionally) when every read started so far has finished. */
  private CompletableFuture<?> reads = DONE;
  /** Completes when the last command handed to {@link #run} has started. */
  private CompletableFuture<Object> started = DONE;

  /**
   * Starts {@code command} (which returns a reply or a {@link CompletionStage} of one) now, or
   * after the commands before it that it must not overtake; returns its result or a stage of it.
   * Continuations run on {@code loop}.
   */
  public Object run(boolean write, Supplier<Object> command, Executor loop) {
    if (started.isDone() && (write ? reads : writes).isDone()) {
      return start(write, command);
    }
    CompletableFuture<Object> previous = started;
    CompletableFuture<Object> mine = new CompletableFuture<>();
    started = mine;
    return previous
        .thenComposeAsync(x -> (write ? reads : writes).handle((v, t) -> null), loop)
        .thenComposeAsync(
            x -> {
              Object result;
              try {
                result = start(write, command);
              } finally {
                mine.complete(null);
              }
              return stage(result);
            },
            loop);
  }

  private Object start(boolean write, Supplier<Object> command) {
    Object result = command.get();
    if (result instanceof CompletionStage<?> s) {
      // The command's own stage, not one that depends on it: it is done before anything waiting
      // on it runs — before its reply is sent — so the next command of the connection, arriving
      // after that reply, always finds it settled.
      CompletableFuture<?> finished = s.toCompletableFuture();
      if (write) {
        writes = writes.isDone() ? finished : CompletableFuture.allOf(writes, finished).thenApply(v -> null);
      } else {
        reads = reads.isDone() ? finished : CompletableFuture.allOf(reads, finished).thenApply(v -> null);
      }
    }
    return result;
  }

  /** True when every write this connection started has finished (WRITE probes, WATCH). */
  public boolean writesSettled() {
    return writes.isDone();
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<Object> stage(Object o) {
    return o instanceof CompletionStage<?> s ? (CompletionStage<Object>) s : CompletableFuture.completedFuture(o);
  }
}
