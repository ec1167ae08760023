package io.pacraft.server.storage;

/** A sorted-set score interval as ZRANGEBYSCORE reads it: bounds inclusive unless exclusive. */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
  public boolean aboveMin(double v) {
    return minExclusive ? v > min : v >= min;
  }

  public boolean belowMax(double v) {
    return maxExclusive ? v < max : v <= max;
  }

  public boolean contains(double v) {
    return aboveMin(v) && belowMax(v);
  }

  /** True when no score can fall in the interval. */
  public boolean isEmpty() {
    return min > max || min == max && (minExclusive || maxExclusive);
  }
}
