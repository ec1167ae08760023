package io.pacraft.jepsen.model;

import io.pacraft.jepsen.history.MicroOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lists named by keys, changed by transactions of {@code [:append k v]} and {@code [:r k list]}
 * steps: the sequential specification behind the list-append workload. Checking a history against
 * it with the linearizability search checks strict serializability; the dependency-graph checker
 * ({@code io.pacraft.jepsen.elle}) is the scalable way and explains anomalies.
 */
public final class ListAppend extends TransactionModel {
  @Override
  public String name() {
    return "list-append";
  }

  @Override
  public Object initialState() {
    return Map.of();
  }

  @Override
  public Object step(Object state, Call call) {
    if (!call.f().equals("txn")) {
      throw new IllegalArgumentException("list-append has no operation :" + call.f());
    }
    @SuppressWarnings("unchecked")
    Map<Object, List<Object>> current = (Map<Object, List<Object>>) state;
    Map<Object, List<Object>> next = null;
    for (MicroOp m : MicroOp.parseAll(call.value())) {
      Map<Object, List<Object>> view = next == null ? current : next;
      List<Object> list = view.getOrDefault(m.key(), List.of());
      switch (m.f()) {
        case "r" -> {
          Object seen = m.value() == null && call.outcome() == Call.Outcome.OK ? List.of()
              : m.value();
          if (seen != null && !Objects.equals(seen, list)) {
            return INCONSISTENT;
          }
        }
        case "append" -> {
          if (next == null) {
            next = new HashMap<>(current);
          }
          List<Object> grown = new ArrayList<>(list.size() + 1);
          grown.addAll(list);
          grown.add(m.value());
          next.put(m.key(), Collections.unmodifiableList(grown));
        }
        default -> throw new IllegalArgumentException("list-append transactions have no :"
            + m.f());
      }
    }
    return next == null ? current : Collections.unmodifiableMap(next);
  }

  @Override
  boolean isRead(MicroOp m) {
    return m.f().equals("r");
  }
}
