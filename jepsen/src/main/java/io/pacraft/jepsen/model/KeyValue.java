package io.pacraft.jepsen.model;

import java.util.Objects;

/**
 * One string value per {@link io.pacraft.jepsen.history.Op#key() key}, like a Redis string:
 * {@code :get} observes it (nil matches anything), {@code :put v} replaces it, {@code :append s}
 * appends to it; when an append's completion value is an integer it must be the new length (what
 * Redis' APPEND answers). Keys start at the initial value, {@code ""} by default.
 */
public final class KeyValue implements Model {
  private final String initial;

  /** Strings starting at {@code initial} (nil means {@code ""}). */
  public KeyValue(Object initial) {
    if (initial != null && !(initial instanceof String)) {
      throw new IllegalArgumentException("kv's initial value must be a string, found " + initial);
    }
    this.initial = initial == null ? "" : (String) initial;
  }

  @Override
  public String name() {
    return "kv";
  }

  @Override
  public Object initialState() {
    return initial;
  }

  @Override
  public Object step(Object state, Call call) {
    String current = (String) state;
    switch (call.f()) {
      case "get": {
        Object v = call.value();
        return v == null || Objects.equals(v, current) ? current : INCONSISTENT;
      }
      case "put":
        return text(call.input());
      case "append": {
        String next = current + text(call.input());
        if (call.outcome() == Call.Outcome.OK && call.output() instanceof Long length
            && length != next.length()) {
          return INCONSISTENT;
        }
        return next;
      }
      default:
        throw new IllegalArgumentException("kv has no operation :" + call.f());
    }
  }

  private static String text(Object v) {
    return v == null ? "" : v.toString();
  }

  @Override
  public boolean isQuery(Call call) {
    return call.f().equals("get");
  }
}
