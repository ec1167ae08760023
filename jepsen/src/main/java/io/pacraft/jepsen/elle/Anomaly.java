package io.pacraft.jepsen.elle;

import java.util.List;

/**
 * One anomaly and the transactions that witness it.
 *
 * @param type what kind of anomaly
 * @param transactions the witnesses (for a cycle, in cycle order)
 * @param description one line saying what they did, e.g. {@code T3 -ww :x-> T7 -rw :y-> T3}
 */
public record Anomaly(AnomalyType type, List<Transaction> transactions, String description) {
  @Override
  public String toString() {
    return type.anomalyName() + ": " + description;
  }
}
