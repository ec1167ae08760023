package io.pacraft.jepsen.linear;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.OpType;
import io.pacraft.jepsen.model.Call;
import io.pacraft.jepsen.model.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The definition of linearizability, searched naively: tries every order of every subset of the
 * indeterminate calls together with all definite calls, respecting real time. Exponential; for
 * histories of a handful of calls. Pairs events itself, sharing no code with the search.
 */
final class BruteForce {
  private final Model model;
  private final List<Call> calls = new ArrayList<>();

  BruteForce(History history, Model model, CasFailure casFailure) {
    this.model = model;
    Map<Object, Integer> open = new HashMap<>();
    List<Op> ops = history.ops();
    Map<Integer, Integer> completionOf = new HashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (op.type() == OpType.INVOKE) {
        open.put(op.process(), i);
      } else {
        completionOf.put(open.remove(op.process()), i);
      }
    }
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (op.type() != OpType.INVOKE) {
        continue;
      }
      Integer c = completionOf.get(i);
      Op done = c == null ? null : ops.get(c);
      OpType t = done == null ? OpType.INFO : done.type();
      if (t == OpType.OK) {
        calls.add(new Call(calls.size(), op.f(), op.value(), done.value(), Call.Outcome.OK, op,
            done, i, c));
      } else if (t == OpType.FAIL) {
        if (casFailure == CasFailure.DEFINITE && op.f().equals("cas")) {
          calls.add(new Call(calls.size(), op.f(), op.value(), null, Call.Outcome.REFUSED, op,
              done, i, c));
        }
      } else {
        calls.add(new Call(calls.size(), op.f(), op.value(), null, Call.Outcome.INDETERMINATE,
            op, done, i, Integer.MAX_VALUE));
      }
    }
  }

  boolean linearizable() {
    return search(new boolean[calls.size()], model.initialState());
  }

  private boolean search(boolean[] placed, Object state) {
    boolean definiteLeft = false;
    for (Call c : calls) {
      definiteLeft |= !placed[c.id()] && !c.isOpen();
    }
    if (!definiteLeft) {
      return true;
    }
    for (Call c : calls) {
      if (placed[c.id()] || !minimal(c, placed)) {
        continue;
      }
      Object next = model.step(state, c);
      if (next == Model.INCONSISTENT) {
        continue;
      }
      placed[c.id()] = true;
      boolean ok = search(placed, next);
      placed[c.id()] = false;
      if (ok) {
        return true;
      }
    }
    return false;
  }

  /** No unplaced call completed before {@code c} was invoked. */
  private boolean minimal(Call c, boolean[] placed) {
    for (Call o : calls) {
      if (!placed[o.id()] && o != c && o.completedAt() < c.invokedAt()) {
        return false;
      }
    }
    return true;
  }
}
