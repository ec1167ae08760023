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

  /**
   * Stages started and perhaps not finished, oldest first. They usually finish in the order they
   * started (a write's, the log's), so finished ones are dropped from the head as new ones come;
   * nothing is chained per command: only a command that must wait builds one stage over them.
   */
  private static final class Pending {
    private final ArrayDeque<CompletableFuture<?>> stages = new ArrayDeque<>();
    /** At this size, finished stages anywhere are dropped (one long wait at the head: a blocking pop). */
    private int pruneAt = 64;

    void add(CompletableFuture<?> f) {
      dropFinishedHead();
      if (stages.size() >= pruneAt) {
        stages.removeIf(CompletableFuture::isDone);
        pruneAt = Math.max(64, 2 * stages.size()); // amortized: a deep pipeline is not walked per command
      }
      stages.addLast(f);
    }

    private void dropFinishedHead() {
      while (!stages.isEmpty() && stages.peekFirst().isDone()) {
        stages.pollFirst();
      }
    }

    /** True when every stage has finished. */
    boolean settled() {
      dropFinishedHead();
      if (stages.isEmpty()) {
        return true;
      }
      for (CompletableFuture<?> f : stages) {
        if (!f.isDone()) {
          return false;
        }
      }
      stages.clear();
      return true;
    }

    /** A stage that completes (perhaps exceptionally) once every stage now pending has. */
    CompletableFuture<?> finishedAll() {
      return settled() ? DONE : CompletableFuture.allOf(stages.toArray(new CompletableFuture<?>[0]));
    }
  }

  /** The connection's writes not known to be finished. */
  private final Pending writes = new Pending();
  /** Its reads that answered with a stage (waiting for the lease or a barrier) not known to be finished. */
  private final Pending reads = new Pending();
  /** Completes when the last command handed to {@link #run} has started. */
  private CompletableFuture<Object> started = DONE;

  /**
   * Starts {@code command} (which returns a reply or a {@link CompletionStage} of one) now, or
   * after the commands before it that it must not overtake; returns its result or a stage of it.
   * Continuations run on {@code loop}.
   */
  public Object run(boolean write, Supplier<Object> command, Executor loop) {
    if (started.isDone() && (write ? reads : writes).settled()) {
      return start(write, command);
    }
    CompletableFuture<Object> previous = started;
    CompletableFuture<Object> mine = new CompletableFuture<>();
    started = mine;
    return previous
        .thenComposeAsync(x -> (write ? reads : writes).finishedAll().handle((v, t) -> null), loop)
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
        (write ? writes : reads).add(finished);
      }
    }
    return result;
  }

  /** True when every write this connection started has finished (WRITE probes, WATCH). */
  public boolean writesSettled() {
    return writes.settled();
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<Object> stage(Object o) {
    return o instanceof CompletionStage<?> s ? (CompletionStage<Object>) s : CompletableFuture.completedFuture(o);
  }
}
