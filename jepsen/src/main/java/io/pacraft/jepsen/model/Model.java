package io.pacraft.jepsen.model;

/**
 * A sequential specification: a state and how each operation changes it. States must be immutable
 * values with {@code equals}/{@code hashCode}, since the search caches them.
 */
public interface Model {
  /** Returned by {@link #step} when the call could not have happened in that state. */
  Object INCONSISTENT = new Object() {
    @Override
    public String toString() {
      return "inconsistent";
    }
  };

  /** The model's name as given to {@code --model}. */
  String name();

  /** The state before any operation. */
  Object initialState();

  /**
   * The state after {@code call} takes effect in {@code state}, or {@link #INCONSISTENT}.
   *
   * @throws IllegalArgumentException when the call is not an operation of this model
   */
  Object step(Object state, Call call);

  /**
   * True when {@code call} cannot change any state. Such a call whose outcome is unknown says
   * nothing and is left out of the search.
   */
  boolean isQuery(Call call);

  /**
   * True when operations on different {@link io.pacraft.jepsen.history.Op#key() keys} touch
   * independent objects, so each key's operations can be checked on their own.
   */
  default boolean splitsByKey() {
    return true;
  }

  /**
   * For a model that does not split by key: the keys one call touches (a transaction's), so that
   * calls over disjoint sets of keys can be checked apart; null when calls cannot be split.
   */
  default java.util.Set<Object> keysTouched(Call call) {
    return null;
  }
}
