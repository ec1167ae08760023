package io.pacraft.jepsen.history;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A symbolic name such as {@code :read} or {@code :x}: the one value type of the history value
 * model that Java has no built-in counterpart for. Instances are interned, so {@code ==} works, but
 * {@link #equals} compares names and is the contract.
 */
public final class Keyword implements Comparable<Keyword> {
  private static final ConcurrentHashMap<String, Keyword> INTERNED = new ConcurrentHashMap<>();

  private final String name;

  private Keyword(String name) {
    this.name = name;
  }

  /** The keyword with this name, written without the leading colon ({@code of("read")}). */
  public static Keyword of(String name) {
    Objects.requireNonNull(name, "name");
    Keyword k = INTERNED.get(name);
    if (k == null) {
      Keyword fresh = new Keyword(name);
      k = INTERNED.putIfAbsent(name, fresh);
      if (k == null) {
        k = fresh;
      }
    }
    return k;
  }

  /** The name without the leading colon. */
  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Keyword k && k.name.equals(name));
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + 7;
  }

  @Override
  public int compareTo(Keyword o) {
    return name.compareTo(o.name);
  }

  /** EDN spelling, {@code :name}. */
  @Override
  public String toString() {
    return ":" + name;
  }
}
