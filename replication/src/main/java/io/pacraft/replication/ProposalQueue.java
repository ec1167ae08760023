package io.pacraft.replication;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Proposals from any thread, handed to a protocol core on its scheduler in batches: everything that
 * arrived while the previous batch waited goes in one call (one log write, one round of messages).
 */
public final class ProposalQueue {
  /** The core's side: appends the batch, completing each future as {@link ReplicaGroup#propose} says. */
  @FunctionalInterface
  public interface Sink {
    void propose(List<byte[]> payloads, List<CompletableFuture<Object>> futures);
  }

  private record Pending(byte[] payload, CompletableFuture<Object> future) {}

  private final Scheduler scheduler;
  private final Sink sink;
  private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  /** While the applier completes a batch's futures: offers queue without a drain of their own. */
  private volatile boolean holding;
  private volatile boolean closed;

  public ProposalQueue(Scheduler scheduler, Sink sink) {
    this.scheduler = scheduler;
    this.sink = sink;
  }

  /** Queues a copy of {@code entry}; fails with {@link NotLeaderException} once closed. */
  public CompletableFuture<Object> offer(ByteBuffer entry) {
    byte[] payload = new byte[entry.remaining()];
    entry.duplicate().get(payload);
    CompletableFuture<Object> f = new CompletableFuture<>();
    if (closed) {
      f.completeExceptionally(new NotLeaderException(Optional.empty()));
      return f;
    }
    queue.add(new Pending(payload, f));
    if (!holding && drainScheduled.compareAndSet(false, true)) {
      scheduler.execute(this::drain);
    }
    return f;
  }

  /**
   * Runs {@code completions} — the applier completing the futures of an applied batch, whose
   * callbacks may propose again — and hands whatever was offered meanwhile to the core in one batch
   * once it returns, not as the offers trickle in: a closed loop of proposers whose entries committed
   * together proposes again together (one log write, one round of messages), instead of as a first
   * entry sent on its own and the rest behind it. Offers from other threads wait at most as long.
   */
  public void whileCompleting(Runnable completions) {
    holding = true;
    try {
      completions.run();
    } finally {
      holding = false;
      if (!queue.isEmpty() && drainScheduled.compareAndSet(false, true)) {
        scheduler.execute(this::drain);
      }
    }
  }

  /** From now on proposals fail at once; queued ones fail when their batch is drained. */
  public void close() {
    closed = true;
  }

  private void drain() {
    drainScheduled.set(false);
    List<byte[]> payloads = new ArrayList<>();
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    for (Pending p; (p = queue.poll()) != null; ) {
      payloads.add(p.payload());
      futures.add(p.future());
    }
    if (payloads.isEmpty()) {
      return;
    }
    if (closed) {
      for (CompletableFuture<Object> f : futures) {
        f.completeExceptionally(new NotLeaderException(Optional.empty()));
      }
      return;
    }
    sink.propose(payloads, futures);
  }

  /** Runs {@code r} on {@code scheduler}: at once when already there, otherwise queued. */
  public static void runOn(Scheduler scheduler, Runnable r) {
    if (scheduler.inScheduler()) {
      r.run();
    } else {
      scheduler.execute(r);
    }
  }

  /**
   * Hands {@code task} a new future on {@code scheduler} (see {@link #runOn}) and returns that
   * future, for a core's asynchronous calls ({@code core.readBarrier(f)} and the like).
   */
  public static <T> CompletableFuture<T> askOn(Scheduler scheduler, java.util.function.Consumer<CompletableFuture<T>> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    runOn(scheduler, () -> task.accept(f));
    return f;
  }

  /**
   * Runs {@code call} on {@code scheduler} and returns its answer: at once when already there,
   * otherwise waiting up to 5 seconds ({@code what} names it in the error).
   */
  public static <T> T callOn(Scheduler scheduler, Supplier<T> call, String what) {
    if (scheduler.inScheduler()) {
      return call.get();
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    scheduler.execute(() -> f.complete(call.get()));
    try {
      return f.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(what + " unavailable: " + e, e);
    }
  }
}
