package io.pacraft.jepsen.linear;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.Pairing;
import io.pacraft.jepsen.model.Call;
import io.pacraft.jepsen.model.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls of one independent object of a history — one key when the model {@link
 * Model#splitsByKey() splits by key} (P-compositionality), the whole history otherwise — in
 * invocation order, numbered from 0.
 *
 * @param key the key, or null for an unkeyed history
 * @param calls the calls the search must place
 */
public record Partition(Object key, List<Call> calls) {

  /**
   * Pairs the client events of {@code history} into calls and splits them. A {@code :fail} drops
   * the call (except a refused {@code :cas} under {@link CasFailure#DEFINITE}); an {@code :info} or
   * missing completion leaves it open to the end, and an open call the model calls a query is left
   * out, since it can neither change the state nor be checked.
   *
   * @throws IllegalArgumentException when a client completes an operation it never invoked, or
   *     invokes while its previous operation is still running
   */
  public static List<Partition> split(History history, Model model, CasFailure casFailure) {
    List<Call> calls = new ArrayList<>();
    for (Pairing p : history.pairings()) {
      Op invocation = p.invocation();
      switch (p.outcome()) {
        case OK -> calls.add(new Call(-1, invocation.f(), invocation.value(),
            p.completion().value(), Call.Outcome.OK, invocation, p.completion(), p.invokedAt(),
            p.completedAt()));
        case FAIL -> {
          if (casFailure == CasFailure.DEFINITE && invocation.f().equals("cas")) {
            calls.add(new Call(-1, invocation.f(), invocation.value(), null,
                Call.Outcome.REFUSED, invocation, p.completion(), p.invokedAt(),
                p.completedAt()));
          }
        }
        default -> addOpen(calls, model, invocation, p.completion(), p.invokedAt());
      }
    }
    // pairings come in invocation order, so each group is too (no lambdas here: this runs at
    // the start of every `pacraft check`, where bootstrapping them costs more than the check)
    Map<Object, List<Call>> byKey = new LinkedHashMap<>();
    for (Call c : calls) {
      Object key = model.splitsByKey() ? c.key() : null;
      List<Call> group = byKey.get(key);
      if (group == null) {
        group = new ArrayList<>();
        byKey.put(key, group);
      }
      group.add(new Call(group.size(), c.f(), c.input(), c.output(), c.outcome(), c.invocation(),
          c.completion(), c.invokedAt(), c.completedAt()));
    }
    List<Partition> out = new ArrayList<>(byKey.size());
    for (Map.Entry<Object, List<Call>> e : byKey.entrySet()) {
      out.add(new Partition(e.getKey(), e.getValue()));
    }
    return out;
  }

  private static void addOpen(List<Call> calls, Model model, Op invocation, Op completion,
      int at) {
    Call c = new Call(-1, invocation.f(), invocation.value(), null, Call.Outcome.INDETERMINATE,
        invocation, completion, at, Integer.MAX_VALUE);
    if (!model.isQuery(c)) {
      calls.add(c);
    }
  }
}
