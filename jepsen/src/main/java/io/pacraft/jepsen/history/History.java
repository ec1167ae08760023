package io.pacraft.jepsen.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

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

  @Override
  public Iterator<Op> iterator() {
    return ops.iterator();
  }

  @Override
  public String toString() {
    return "History(" + ops.size() + " events)";
  }
}
