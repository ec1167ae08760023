package io.pacraft.server.client;

import java.util.ArrayDeque;
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
  /** Past this many tracked stages, finished ones anywhere in the queue are dropped, not only at its head. */
  private static final int PRUNE_ALL_AT = 64;

  /**
   * The stages of writes started and perhaps not finished, oldest first. Writes usually finish in
   * the order they started (the log's), so finished ones are dropped from the head as new ones
   * come; nothing is chained per command: only a read that must wait builds one stage over them.
   */
  private final ArrayDeque<CompletableFuture<?>> writes = new ArrayDeque<>();
  /** The same for reads that answered with a stage (a read waiting for the lease or a barrier). */
  private final ArrayDeque<CompletableFuture<?>> reads = new ArrayDeque<>();
  /** Completes when the last command handed to {@link #run} has started. */
  private CompletableFuture<Object> started = DONE;

  /**
   * Starts {@code command} (which returns a reply or a {@link CompletionStage} of one) now, or
   * after the commands before it that it must not overtake; returns its result or a stage of it.
   * Continuations run on {@code loop}.
   */
  public Object run(boolean write, Supplier<Object> command, Executor loop) {
    if (started.isDone() && settled(write ? reads : writes)) {
      return start(write, command);
    }
    CompletableFuture<Object> previous = started;
    CompletableFuture<Object> mine = new CompletableFuture<>();
    started = mine;
    return previous
        .thenComposeAsync(x -> finishedAll(write ? reads : writes).handle((v, t) -> null), loop)
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
      if (!finished.isDone()) {
        track(write ? writes : reads, finished);
      }
    }
    return result;
  }

  private static void track(ArrayDeque<CompletableFuture<?>> pending, CompletableFuture<?> f) {
    while (!pending.isEmpty() && pending.peekFirst().isDone()) {
      pending.pollFirst();
    }
    if (pending.size() >= PRUNE_ALL_AT) {
      pending.removeIf(CompletableFuture::isDone); // one long wait at the head (a blocking pop)
    }
    pending.addLast(f);
  }

  /** True when every stage in {@code pending} has finished (those found finished are dropped). */
  private static boolean settled(ArrayDeque<CompletableFuture<?>> pending) {
    while (!pending.isEmpty() && pending.peekFirst().isDone()) {
      pending.pollFirst();
    }
    if (pending.isEmpty()) {
      return true;
    }
    for (CompletableFuture<?> f : pending) {
      if (!f.isDone()) {
        return false;
      }
    }
    pending.clear();
    return true;
  }

  /** A stage that completes (perhaps exceptionally) once every stage in {@code pending} now has. */
  private static CompletableFuture<?> finishedAll(ArrayDeque<CompletableFuture<?>> pending) {
    return settled(pending) ? DONE : CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]));
  }

  /** True when every write this connection started has finished (WRITE probes, WATCH). */
  public boolean writesSettled() {
    return settled(writes);
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<Object> stage(Object o) {
    return o instanceof CompletionStage<?> s ? (CompletionStage<Object>) s : CompletableFuture.completedFuture(o);
  }
}
