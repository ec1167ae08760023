package io.pacraft.jepsen.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One step of a transaction ({@code :f :txn}): the value of a transaction event is a list of
 * {@code [f key value]} triples such as {@code [:append :x 3]}, {@code [:r :x [1 2 3]]}, {@code
 * [:read :x 1]} or {@code [:write :y 2]}.
 *
 * @param f the step's name without colon ({@code append}, {@code r}, {@code read}, {@code write})
 * @param key the key it touches
 * @param value what it writes, or what it read (null before the read completes)
 */
public record MicroOp(String f, Object key, Object value) {

  /** {@code [:append key value]}. */
  public static MicroOp append(Object key, Object value) {
    return new MicroOp("append", key, value);
  }

  /** {@code [:r key value]} as list-append transactions spell a read. */
  public static MicroOp read(Object key, Object value) {
    return new MicroOp("r", key, value);
  }

  /** The triple {@code [:f key value]} of the history value model. */
  public List<Object> toValue() {
    List<Object> triple = new ArrayList<>(3);
    triple.add(Keyword.of(f));
    triple.add(key);
    triple.add(value);
    return Collections.unmodifiableList(triple);
  }

  /** A transaction value made of these steps. */
  public static List<Object> toValue(List<MicroOp> steps) {
    List<Object> out = new ArrayList<>(steps.size());
    for (MicroOp m : steps) {
      out.add(m.toValue());
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * The steps of a transaction value.
   *
   * @throws IllegalArgumentException when the value is not a list of {@code [f key value]}
   */
  public static List<MicroOp> parseAll(Object txnValue) {
    if (!(txnValue instanceof List<?> list)) {
      throw new IllegalArgumentException("transaction value must be a list of [f key value], found "
          + txnValue);
    }
    List<MicroOp> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof List<?> t) || t.size() != 3) {
        throw new IllegalArgumentException("transaction step must be [f key value], found " + o);
      }
      Object f = t.get(0);
      String name = f instanceof Keyword k ? k.name() : f instanceof String s ? s : null;
      if (name == null) {
        throw new IllegalArgumentException("transaction step must start with a keyword, found "
            + o);
      }
      out.add(new MicroOp(name, t.get(1), t.get(2)));
    }
    return out;
  }
}
