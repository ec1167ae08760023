package io.pacraft.jepsen.model;

import io.pacraft.jepsen.history.MicroOp;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Registers named by keys, changed by transactions ({@code :f :txn}, value {@code [[:read k v]
 * [:write k v] ...]}; {@code :r}/{@code :w} are accepted too). A read of nil matches anything. The
 * state maps keys to values; a key never written holds the initial value for that key.
 */
public final class MultiRegister extends TransactionModel {
  private final Map<Object, Object> initial;
  private final Object fallback;

  /**
   * Registers starting at {@code initial}: a {@link Map} gives each key's first value (keys it
   * does not name start at nil); any other value is every register's first value.
   */
  public MultiRegister(Object initial) {
    if (initial instanceof Map<?, ?> m) {
      this.initial = Collections.unmodifiableMap(new HashMap<>(m));
      this.fallback = null;
    } else {
      this.initial = Map.of();
      this.fallback = initial;
    }
  }

  @Override
  public String name() {
    return "multi-register";
  }

  @Override
  public Object initialState() {
    return initial;
  }

  @Override
  public Object step(Object state, Call call) {
    if (!call.f().equals("txn")) {
      throw new IllegalArgumentException("multi-register has no operation :" + call.f());
    }
    @SuppressWarnings("unchecked")
    Map<Object, Object> current = (Map<Object, Object>) state;
    Map<Object, Object> next = null;
    for (MicroOp m : MicroOp.parseAll(call.value())) {
      Map<Object, Object> view = next == null ? current : next;
      switch (m.f()) {
        case "read", "r" -> {
          if (m.value() != null
              && !Objects.equals(m.value(), view.getOrDefault(m.key(), fallback))) {
            return INCONSISTENT;
          }
        }
        case "write", "w" -> {
          if (next == null) {
            next = new HashMap<>(current);
          }
          next.put(m.key(), m.value());
        }
        default -> throw new IllegalArgumentException("multi-register transactions have no :"
            + m.f());
      }
    }
    return next == null ? current : Collections.unmodifiableMap(next);
  }

  @Override
  boolean isRead(MicroOp m) {
    return m.f().equals("read") || m.f().equals("r");
  }
}
