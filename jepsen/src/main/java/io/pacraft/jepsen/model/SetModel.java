package io.pacraft.jepsen.model;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * A set, as Knossos' set model: {@code :add x} adds an element, {@code :read} observes the whole
 * set (a vector or set; nil matches anything).
 */
public final class SetModel implements Model {
  private final Set<Object> initial;

  /** A set starting with the elements of {@code initial} (a collection, or nil for empty). */
  public SetModel(Object initial) {
    if (initial == null) {
      this.initial = Set.of();
    } else if (initial instanceof Collection<?> c) {
      this.initial = Set.copyOf(c);
    } else {
      throw new IllegalArgumentException("set's initial value must be a collection, found "
          + initial);
    }
  }

  @Override
  public String name() {
    return "set";
  }

  @Override
  public Object initialState() {
    return initial;
  }

  @Override
  public Object step(Object state, Call call) {
    @SuppressWarnings("unchecked")
    Set<Object> current = (Set<Object>) state;
    switch (call.f()) {
      case "add": {
        if (current.contains(call.value())) {
          return current;
        }
        Set<Object> next = new HashSet<>(current);
        next.add(call.value());
        return Set.copyOf(next);
      }
      case "read": {
        Object v = call.value();
        if (v == null) {
          return current;
        }
        if (!(v instanceof Collection<?> c)) {
          throw new IllegalArgumentException("set :read must observe a collection, found " + v);
        }
        return c.size() >= current.size() && current.equals(new HashSet<>(c)) ? current
            : INCONSISTENT;
      }
      default:
        throw new IllegalArgumentException("set has no operation :" + call.f());
    }
  }

  @Override
  public boolean isQuery(Call call) {
    return call.f().equals("read");
  }
}
