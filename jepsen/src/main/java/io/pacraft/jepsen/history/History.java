package io.pacraft.jepsen.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A recorded history: events in the order they happened, which is the real-time order the
 * checkers use (an operation precedes another when its completion comes before the other's
 * invocation in this list). {@link Op#time()} is carried for reports only.
 *
 * <p>Every event's {@link Op#index()} equals its position in the list.
 */
public final class History implements Iterable<Op> {
  private final List<Op> ops;

  private History(List<Op> ops) {
    this.ops = ops;
  }

  /**
   * A history of these events in this order. Events whose index is -1 get their position; events
   * that carry an index keep it (EDN files may number events themselves).
   */
  public static History of(List<Op> events) {
    List<Op> copy = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Op op = events.get(i);
      copy.add(op.index() < 0 ? op.withIndex(i) : op);
    }
    return new History(Collections.unmodifiableList(copy));
  }

  /** A history of these events, renumbered 0, 1, 2… whatever index they carried. */
  public static History renumbered(List<Op> events) {
    List<Op> copy = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      copy.add(events.get(i).withIndex(i));
    }
    return new History(Collections.unmodifiableList(copy));
  }

  /** The events, unmodifiable. */
  public List<Op> ops() {
    return ops;
  }

  public int size() {
    return ops.size();
  }

  public Op get(int position) {
    return ops.get(position);
  }

  /**
   * The client operations, each invocation with its completion, in invocation order. Events of
   * non-client processes are left out.
   *
   * @throws IllegalArgumentException when a client completes an operation it never invoked, or
   *     invokes while its previous operation is still running
   */
  public List<Pairing> pairings() {
    Map<Long, Integer> pending = new HashMap<>();
    Pairing[] byInvocation = new Pairing[ops.size()];
    for (int pos = 0; pos < ops.size(); pos++) {
      Op op = ops.get(pos);
      if (!op.isClient()) {
        continue;
      }
      long process = op.clientProcess();
      if (op.type() == OpType.INVOKE) {
        Integer previous = pending.put(process, pos);
        if (previous != null) {
          throw new IllegalArgumentException("process " + process + " invokes at index "
              + op.index() + " while its operation invoked at index "
              + ops.get(previous).index() + " is still running");
        }
        continue;
      }
      Integer at = pending.remove(process);
      if (at == null) {
        throw new IllegalArgumentException("process " + process + " completes at index "
            + op.index() + " an operation it never invoked");
      }
      byInvocation[at] = new Pairing(ops.get(at), op, at, pos);
    }
    for (int at : pending.values()) {
      byInvocation[at] = new Pairing(ops.get(at), null, at, -1);
    }
    List<Pairing> out = new ArrayList<>();
    for (Pairing p : byInvocation) {
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }

  @Override
  public Iterator<Op> iterator() {
    return ops.iterator();
  }

  @Override
  public String toString() {
    return "History(" + ops.size() + " events)";
  }
}
