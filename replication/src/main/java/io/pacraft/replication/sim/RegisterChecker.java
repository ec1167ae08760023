package io.pacraft.replication.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;

/**
 * A linear-time linearizability check of a single-register history in which every write has a
 * unique value and the simulator knows where each operation took effect: the log index of each
 * write, the applied index of the state each read saw. With those positions the history is
 * linearizable exactly when (1) every read returned the value of the last write at or before its
 * index, and (2) positions respect real time: an operation that completed before another was invoked
 * has a smaller position (or, for a read followed by a read, no larger one).
 *
 * <p>Real time is the order of the events in the history, as in Jepsen: an operation precedes
 * another when its completion event comes before the other's invocation event. Virtual timestamps
 * are only reported, never compared: two events of one virtual instant are still ordered.
 */
public final class RegisterChecker {
  private RegisterChecker() {}

  /**
   * @param history every operation event of the run
   * @param committed the replicated log as the state machines applied it: index → value written
   *     (entries that wrote nothing are absent)
   */
  public static Optional<String> check(List<Operation> history, NavigableMap<Long, Long> committed) {
    Map<Long, Long> positionOf = new HashMap<>();
    for (Map.Entry<Long, Long> e : committed.entrySet()) {
      positionOf.put(e.getValue(), e.getKey());
    }
    // invoke and complete: the events' places in the history; the times are for messages only
    record Op(long invoke, long complete, long invokeTime, long completeTime, long position, boolean write, String what) {}
    Map<Integer, Operation> open = new HashMap<>();
    Map<Integer, Integer> openAt = new HashMap<>();
    List<Op> ops = new ArrayList<>();
    for (int at = 0; at < history.size(); at++) {
      Operation o = history.get(at);
      if (o.type() == Operation.Type.INVOKE) {
        open.put(o.process(), o);
        openAt.put(o.process(), at);
        continue;
      }
      Operation inv = open.remove(o.process());
      Integer invAt = openAt.remove(o.process());
      if (inv == null || o.type() == Operation.Type.FAIL) {
        continue;
      }
      boolean ok = o.type() == Operation.Type.OK;
      if (inv.f() == Operation.F.WRITE) {
        Long pos = positionOf.get(inv.value());
        if (pos == null) {
          if (ok) {
            return Optional.of("write of " + inv.value() + " was acknowledged but never applied: " + o);
          }
          continue;
        }
        ops.add(new Op(invAt, ok ? at : Long.MAX_VALUE, inv.time(), ok ? o.time() : Long.MAX_VALUE, pos, true,
            "write " + inv.value() + " at index " + pos));
      } else if (ok) {
        Map.Entry<Long, Long> last = committed.floorEntry(o.index());
        Long expected = last == null ? null : last.getValue();
        if (!java.util.Objects.equals(expected, o.value())) {
          return Optional.of("read at index " + o.index() + " returned " + o.value() + ", but the register held " + expected);
        }
        ops.add(new Op(invAt, at, inv.time(), o.time(), o.index(), false, "read " + o.value() + " at index " + o.index()));
      }
    }
    for (Map.Entry<Integer, Operation> e : open.entrySet()) {
      Operation inv = e.getValue();
      if (inv.f() == Operation.F.WRITE && positionOf.containsKey(inv.value())) {
        ops.add(new Op(openAt.get(e.getKey()), Long.MAX_VALUE, inv.time(), Long.MAX_VALUE, positionOf.get(inv.value()), true,
            "write " + inv.value()));
      }
    }
    List<Op> byComplete = new ArrayList<>(ops);
    byComplete.sort(Comparator.comparingLong(Op::complete));
    List<Op> byInvoke = new ArrayList<>(ops);
    byInvoke.sort(Comparator.comparingLong(Op::invoke));
    long maxPos = 0;
    Op witness = null;
    int c = 0;
    for (Op b : byInvoke) {
      while (c < byComplete.size() && byComplete.get(c).complete() < b.invoke()) {
        Op a = byComplete.get(c++);
        if (a.position() > maxPos) {
          maxPos = a.position();
          witness = a;
        }
      }
      boolean fine = b.write() ? b.position() > maxPos || witness == null : b.position() >= maxPos;
      if (!fine) {
        return Optional.of(
            "not linearizable: "
                + b.what()
                + " (invoked at "
                + EventLoop.stamp(b.invokeTime())
                + ") comes after "
                + witness.what()
                + " (completed at "
                + EventLoop.stamp(witness.completeTime())
                + ")");
      }
    }
    return Optional.empty();
  }
}
