package io.pacraft.jepsen.linear;

import io.pacraft.jepsen.history.History;
import io.pacraft.jepsen.history.Op;
import io.pacraft.jepsen.history.Pairing;
import io.pacraft.jepsen.model.Call;
import io.pacraft.jepsen.model.Model;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * The calls of one independent object of a history — one key when the model {@link
 * Model#splitsByKey() splits by key} (P-compositionality); for transactions, one connected set of
 * keys (keys that appear together in some call, transitively); else the whole history — in
 * invocation order, numbered from 0.
 *
 * @param key the key, the set of keys of a transaction partition, or null for the whole history
 * @param calls the calls the search must place
 */
public record Partition(Object key, List<Call> calls) {

  /**
   * Pairs the client events of {@code history} into calls and splits them. A {@code :fail} drops
   * the call (except a refused {@code :cas} under {@link CasFailure#DEFINITE}: one whose completion
   * carries no {@code :error}; a failure with an error, such as a redirect, never ran); an {@code :info} or
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
          if (casFailure == CasFailure.DEFINITE && invocation.f().equals("cas")
              && p.completion().error() == null) {
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
    Map<Object, Object> component = model.splitsByKey() ? null : components(calls, model);
    for (Call c : calls) {
      Object key = model.splitsByKey() ? c.key() : component == null ? null
          : component.get(c);
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

  /**
   * For transactions: each call's group, the set of keys of its connected component (keys
   * linked by appearing in one call), when there is more than one component; null otherwise.
   */
  private static Map<Object, Object> components(List<Call> calls, Model model) {
    Map<Object, Object> parent = new HashMap<>();
    List<Set<Object>> touched = new ArrayList<>(calls.size());
    for (Call c : calls) {
      Set<Object> keys = model.keysTouched(c);
      if (keys == null) {
        return null;
      }
      touched.add(keys);
      Object first = null;
      for (Object k : keys) {
        parent.putIfAbsent(k, k);
        if (first == null) {
          first = k;
        } else {
          parent.put(root(parent, k), root(parent, first));
        }
      }
    }
    Map<Object, Set<Object>> members = new LinkedHashMap<>();
    for (Object k : parent.keySet()) {
      Object r = root(parent, k);
      Set<Object> m = members.get(r);
      if (m == null) {
        m = new LinkedHashSet<>();
        members.put(r, m);
      }
      m.add(k);
    }
    if (members.size() <= 1) {
      return null;
    }
    Map<Object, Object> groupOf = new java.util.IdentityHashMap<>();
    for (int i = 0; i < calls.size(); i++) {
      Set<Object> keys = touched.get(i);
      groupOf.put(calls.get(i), keys.isEmpty() ? null
          : members.get(root(parent, keys.iterator().next())));
    }
    return groupOf;
  }

  private static Object root(Map<Object, Object> parent, Object k) {
    Object r = k;
    while (!java.util.Objects.equals(parent.get(r), r)) {
      r = parent.get(r);
    }
    Object x = k;
    while (!java.util.Objects.equals(x, r)) { // path compression
      Object next = parent.get(x);
      parent.put(x, r);
      x = next;
    }
    return r;
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
