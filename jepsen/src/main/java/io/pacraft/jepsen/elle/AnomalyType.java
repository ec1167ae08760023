package io.pacraft.jepsen.elle;

/**
 * The anomalies the list-append checker reports, named as Elle and Adya name them. Cycle
 * anomalies come in three strengths: over dependencies alone (a serializability violation), and
 * needing process order ({@code -process}) or real-time order ({@code -realtime}) as well (a
 * violation of strong session or strict serializability).
 */
public enum AnomalyType {
  /** Write cycle: only write-write dependencies. */
  G0("G0"),
  /** Aborted read: a committed read saw an element appended by a failed transaction. */
  G1A("G1a"),
  /** Intermediate read: a read saw a list ending in a transaction's non-final append. */
  G1B("G1b"),
  /** Circular information flow: a cycle of write-write and write-read dependencies. */
  G1C("G1c"),
  /** Read skew: a cycle with exactly one read-write anti-dependency. */
  G_SINGLE("G-single"),
  /** Write skew and the like: a cycle with two or more anti-dependencies. */
  G2_ITEM("G2-item"),
  G0_PROCESS("G0-process"),
  G1C_PROCESS("G1c-process"),
  G_SINGLE_PROCESS("G-single-process"),
  G2_ITEM_PROCESS("G2-item-process"),
  G0_REALTIME("G0-realtime"),
  G1C_REALTIME("G1c-realtime"),
  G_SINGLE_REALTIME("G-single-realtime"),
  G2_ITEM_REALTIME("G2-item-realtime"),
  /** A transaction's read disagrees with its own earlier reads and appends. */
  INTERNAL("internal"),
  /** A read holds the same element twice. */
  DUPLICATE_ELEMENTS("duplicate-elements"),
  /** Two reads of a key where neither is a prefix of the other. */
  INCOMPATIBLE_ORDER("incompatible-order"),
  /** A read holds an element no transaction appended. */
  UNWRITTEN_ELEMENT("unwritten-element");

  private final String anomalyName;

  AnomalyType(String anomalyName) {
    this.anomalyName = anomalyName;
  }

  /** The name used in reports, e.g. {@code G-single-realtime}. */
  public String anomalyName() {
    return anomalyName;
  }

  /** The cycle anomaly with this many anti-dependencies and write-read edges, in this order. */
  static AnomalyType ofCycle(int readWrites, boolean writeRead, Dependency order) {
    int base = readWrites >= 2 ? 3 : readWrites == 1 ? 2 : writeRead ? 1 : 0;
    AnomalyType[] row = order == null ? new AnomalyType[] {G0, G1C, G_SINGLE, G2_ITEM}
        : order == Dependency.PROCESS
            ? new AnomalyType[] {G0_PROCESS, G1C_PROCESS, G_SINGLE_PROCESS, G2_ITEM_PROCESS}
            : new AnomalyType[] {G0_REALTIME, G1C_REALTIME, G_SINGLE_REALTIME, G2_ITEM_REALTIME};
    return row[base];
  }
}
