package io.pacraft.jepsen.elle;

import io.pacraft.jepsen.verdict.Result;
import io.pacraft.jepsen.verdict.Verdict;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link ListAppendChecker#check}: valid when no anomaly was found.
 *
 * @param transactions how many transactions the history holds
 * @param anomalies witnesses found, at most a few of each type, weakest cycles first
 * @param counts how many anomalies of each type were found in all
 */
public record ListAppendResult(
    int transactions, List<Anomaly> anomalies, Map<AnomalyType, Integer> counts)
    implements Result {

  @Override
  public Verdict verdict() {
    return anomalies.isEmpty() ? Verdict.VALID : Verdict.INVALID;
  }

  @Override
  public String reason() {
    if (anomalies.isEmpty()) {
      return "no anomalies in " + transactions + " list-append transactions";
    }
    int total = 0;
    StringBuilder kinds = new StringBuilder();
    for (Map.Entry<AnomalyType, Integer> e : counts.entrySet()) {
      total += e.getValue();
      kinds.append(kinds.length() == 0 ? "" : ", ").append(e.getKey().anomalyName())
          .append(e.getValue() > 1 ? " ×" + e.getValue() : "");
    }
    return total == 1 ? anomalies.get(0).toString()
        : "anomalies " + kinds + "; first " + anomalies.get(0);
  }

  @Override
  public String explanation() {
    StringBuilder sb = new StringBuilder(reason());
    for (Anomaly a : anomalies) {
      sb.append("\n  ").append(a);
      for (Transaction t : a.transactions()) {
        sb.append("\n    ").append(t);
      }
    }
    return sb.toString();
  }

  /** True when an anomaly of this type was found. */
  public boolean has(AnomalyType type) {
    return counts.containsKey(type);
  }
}
