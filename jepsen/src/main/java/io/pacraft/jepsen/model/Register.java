package io.pacraft.jepsen.model;

import java.util.List;
import java.util.Objects;

/**
 * A single register: {@code :read} (an observed nil matches any value), {@code :write v} and, for
 * the {@code cas-register}, {@code :cas [expected new]}. A {@link Call.Outcome#REFUSED} cas
 * happened and saw a value other than {@code expected}.
 */
public final class Register implements Model {
  private final boolean cas;
  private final Object initial;

  private Register(boolean cas, Object initial) {
    this.cas = cas;
    this.initial = initial;
  }

  /** A read/write register starting at {@code initial}. */
  public static Register plain(Object initial) {
    return new Register(false, initial);
  }

  /** A read/write/compare-and-set register starting at {@code initial}. */
  public static Register withCas(Object initial) {
    return new Register(true, initial);
  }

  @Override
  public String name() {
    return cas ? "cas-register" : "register";
  }

  @Override
  public Object initialState() {
    return initial;
  }

  @Override
  public Object step(Object state, Call call) {
    switch (call.f()) {
      case "read": {
        Object v = call.value();
        return v == null || Objects.equals(v, state) ? state : INCONSISTENT;
      }
      case "write":
        return call.value();
      case "cas": {
        if (!cas) {
          break;
        }
        if (!(call.value() instanceof List<?> pair) || pair.size() != 2) {
          throw new IllegalArgumentException(":cas value must be [expected new], found "
              + call.value());
        }
        boolean matches = Objects.equals(pair.get(0), state);
        if (call.outcome() == Call.Outcome.REFUSED) {
          return matches ? INCONSISTENT : state;
        }
        return matches ? pair.get(1) : INCONSISTENT;
      }
      default:
        break;
    }
    throw new IllegalArgumentException(name() + " has no operation :" + call.f());
  }

  @Override
  public boolean isQuery(Call call) {
    return call.f().equals("read");
  }
}
