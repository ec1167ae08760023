package io.pacraft.jepsen.elle;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.MicroOp;
import io.pacraft.jepsen.history.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds list-append histories event by event for tests. */
final class Txns {
  private final List<Op> ops = new ArrayList<>();

  static MicroOp append(String key, long value) {
    return MicroOp.append(key, value);
  }

  /** A read of {@code key} that saw {@code values}. */
  static MicroOp r(String key, long... values) {
    return MicroOp.read(key, Arrays.stream(values).boxed().map(v -> (Object) v).toList());
  }

  /** A read before it completes (nil). */
  static MicroOp r(String key) {
    return MicroOp.read(key, null);
  }

  Txns invoke(long process, MicroOp... steps) {
    ops.add(Op.invoke(process, "txn", MicroOp.toValue(List.of(steps))));
    return this;
  }

  Txns ok(long process, MicroOp... steps) {
    ops.add(Op.ok(process, "txn", MicroOp.toValue(List.of(steps))));
    return this;
  }

  Txns fail(long process, MicroOp... steps) {
    ops.add(Op.fail(process, "txn", MicroOp.toValue(List.of(steps))));
    return this;
  }

  Txns info(long process, MicroOp... steps) {
    ops.add(Op.info(process, "txn", MicroOp.toValue(List.of(steps))));
    return this;
  }

  /** Invocation and completion back to back: a transaction alone in time. */
  Txns txn(long process, MicroOp... completed) {
    MicroOp[] invoked = Arrays.stream(completed)
        .map(m -> m.f().equals("r") ? new MicroOp("r", m.key(), null) : m)
        .toArray(MicroOp[]::new);
    return invoke(process, invoked).ok(process, completed);
  }

  History history() {
    return History.of(ops);
  }
}
