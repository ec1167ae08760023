package io.pacraft.jepsen.elle;

/** Why one transaction must come before another in every serial order that explains a history. */
public enum Dependency {
  /** The first appended the element that precedes the second's in the key's version order. */
  WW("ww"),
  /** The second read the list ending in the element the first appended. */
  WR("wr"),
  /** The first read a list that the second's append extended: an anti-dependency. */
  RW("rw"),
  /** Both ran on the same process, the first before the second. */
  PROCESS("process"),
  /** The first completed before the second was invoked. */
  REALTIME("realtime");

  private final String label;

  Dependency(String label) {
    this.label = label;
  }

  /** The bit of this dependency in an edge's mask. */
  int bit() {
    return 1 << ordinal();
  }

  /** Masks: the data dependencies, and everything. */
  static final int DATA = 1 | 2 | 4;

  static final int ALL = 31;

  public String label() {
    return label;
  }
}
