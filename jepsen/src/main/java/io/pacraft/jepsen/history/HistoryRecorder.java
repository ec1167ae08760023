package io.pacraft.jepsen.history;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Records a history as it happens, from any number of threads: a workload calls {@link #invoke}
 * before sending a request and one of {@link #ok}, {@link #fail} or {@link #info} when it knows the
 * outcome. Times come from the injected clock (a simulator passes its virtual clock).
 */
public final class HistoryRecorder {
  private final LongSupplier clock;
  private final List<Op> ops = new ArrayList<>();

  /** A recorder stamping events with {@code clock} (nanoseconds). */
  public HistoryRecorder(LongSupplier clock) {
    this.clock = clock;
  }

  /** A recorder stamping events with {@link System#nanoTime()}. */
  public HistoryRecorder() {
    this(System::nanoTime);
  }

  /** Records an invocation; returns it with its index and time. */
  public Op invoke(long process, String f, Object value, Object key) {
    return record(new Op(-1, process, OpType.INVOKE, f, value, -1, key, null));
  }

  /** Records that the operation {@code invocation} happened and observed {@code value}. */
  public Op ok(Op invocation, Object value) {
    return complete(invocation, OpType.OK, value, null);
  }

  /** Records that the operation {@code invocation} certainly did not happen. */
  public Op fail(Op invocation, Object error) {
    return complete(invocation, OpType.FAIL, invocation.value(), error);
  }

  /** Records that the outcome of {@code invocation} is unknown (timeout, connection lost). */
  public Op info(Op invocation, Object error) {
    return complete(invocation, OpType.INFO, invocation.value(), error);
  }

  /** Records an event as it is (its index and, when -1, its time are assigned here). */
  public synchronized Op record(Op op) {
    long time = op.time() >= 0 ? op.time() : clock.getAsLong();
    Op stamped = new Op(ops.size(), op.process(), op.type(), op.f(), op.value(), time, op.key(),
        op.error());
    ops.add(stamped);
    return stamped;
  }

  /** The history recorded so far. */
  public synchronized History history() {
    return History.of(new ArrayList<>(ops));
  }

  private Op complete(Op invocation, OpType type, Object value, Object error) {
    return record(new Op(-1, invocation.process(), type, invocation.f(), value, -1,
        invocation.key(), error));
  }
}
