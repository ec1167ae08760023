package io.pacraft.jepsen.linear;

import io.pacraft.jepsen.edn.EdnWriter;
import io.pacraft.jepsen.model.Call;
import io.pacraft.jepsen.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a partition is not linearizable: the call whose completion no order of the calls before it
 * can reach, and the longest order the search found that the model accepts.
 *
 * @param key the partition's key, or null for an unkeyed history
 * @param model the model checked against
 * @param blocked the call that cannot be linearized
 * @param longestPrefix the longest linearizable sequence found, in linearization order
 * @param statesAfter the model state after each call of {@code longestPrefix}
 * @param window the calls around the failure, shown in the timeline, in invocation order
 */
public record Counterexample(
    Object key,
    Model model,
    Call blocked,
    List<Call> longestPrefix,
    List<Object> statesAfter,
    List<Call> window) {

  /** The operation event to blame: the blocked call's completion. */
  public io.pacraft.jepsen.history.Op blockedOp() {
    return blocked.completion() != null ? blocked.completion() : blocked.invocation();
  }

  /** The model state after the longest prefix. */
  public Object finalState() {
    return statesAfter.isEmpty() ? model.initialState() : statesAfter.get(statesAfter.size() - 1);
  }

  /** One line: the operation and where the model stood. */
  public String summary() {
    io.pacraft.jepsen.history.Op op = blockedOp();
    return "cannot linearize " + EdnWriter.write(op)
        + (key != null ? " on key " + EdnWriter.write(key) : "")
        + "; longest linearizable prefix has " + longestPrefix.size() + " operations, ending in "
        + "state " + EdnWriter.write(finalState());
  }

  /** A multi-line account: the summary and the tail of the prefix with its states. */
  public String explanation(int tail) {
    StringBuilder sb = new StringBuilder(summary()).append('\n');
    int from = Math.max(0, longestPrefix.size() - tail);
    if (from > 0) {
      sb.append("  … ").append(from).append(" earlier operations\n");
    }
    for (int i = from; i < longestPrefix.size(); i++) {
      Call c = longestPrefix.get(i);
      sb.append("  ").append(i + 1).append(". ").append(describe(c)).append("  → ")
          .append(EdnWriter.write(statesAfter.get(i))).append('\n');
    }
    sb.append("  then no order of the pending operations reaches ").append(describe(blocked));
    return sb.toString();
  }

  /** A self-contained HTML page with an SVG timeline of the window. */
  public String timelineHtml(String title) {
    return Timeline.html(title, this);
  }

  /** E.g. {@code p1 :read nil ⇒ 3 (events 2–4)}. */
  static String describe(Call c) {
    String what = "p" + EdnWriter.write(c.invocation().process()) + " :" + c.f() + " "
        + EdnWriter.write(c.input());
    String events = " (events " + c.invocation().index() + "–"
        + (c.completion() != null ? c.completion().index() : "") + ")";
    return switch (c.outcome()) {
      case OK -> what + " ⇒ " + EdnWriter.write(c.output()) + events;
      case REFUSED -> what + " ⇒ refused" + events;
      case INDETERMINATE -> what + " ⇒ ?" + events;
    };
  }

  static Counterexample of(Partition p, Model model, Call blocked, List<Call> prefix) {
    List<Object> states = new ArrayList<>(prefix.size());
    Object s = model.initialState();
    for (Call c : prefix) {
      s = model.step(s, c);
      states.add(s);
    }
    // the window: calls overlapping the blocked call, and the last few linearized before it
    List<Call> window = new ArrayList<>();
    int lo = blocked.invokedAt();
    for (int i = Math.max(0, prefix.size() - 6); i < prefix.size(); i++) {
      lo = Math.min(lo, prefix.get(i).invokedAt());
    }
    int hi = blocked.completedAt();
    for (Call c : p.calls()) {
      if (c.invokedAt() <= hi && (c.completedAt() >= lo)) {
        window.add(c);
      }
    }
    if (window.size() > 60) {
      // keep the calls nearest the blocked one
      window.sort((a, b) -> Integer.compare(Math.abs(a.invokedAt() - blocked.invokedAt()),
          Math.abs(b.invokedAt() - blocked.invokedAt())));
      window = new ArrayList<>(window.subList(0, 60));
      window.sort((a, b) -> Integer.compare(a.invokedAt(), b.invokedAt()));
    }
    return new Counterexample(p.key(), model, blocked, List.copyOf(prefix),
        java.util.Collections.unmodifiableList(states), List.copyOf(window));
  }
}
