package io.pacraft.jepsen.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The fault families {@code --nemesis} accepts. */
public enum FaultKind {
  /** kill -9 of the leader, a random node or a majority, then a restart from the same data. */
  KILL("kill", true),
  /** SIGSTOP of the leader, a random node or a majority, then SIGCONT. */
  PAUSE("pause", true),
  /** Bus links cut, delayed or lossy: halves, isolated leader, majorities ring, one-way, slow, lossy. */
  PARTITION("partition", true),
  /** A node's wall clock moved by seconds (expiry times), through its injectable offset. */
  CLOCK("clock", true),
  /** A node removed, wiped and added back as a fresh node. */
  MEMBERSHIP("membership", true),
  /** Leadership handed to another node ({@code CLUSTER FAILOVER} through the admin code). */
  TRANSFER("transfer", false);

  private final String label;
  private final boolean needsLocalCluster;

  FaultKind(String label, boolean needsLocalCluster) {
    this.label = label;
    this.needsLocalCluster = needsLocalCluster;
  }

  public String label() {
    return label;
  }

  /** Whether the runner must own the processes (and their bus links) to inject this fault. */
  public boolean needsLocalCluster() {
    return needsLocalCluster;
  }

  /**
   * Parses {@code --nemesis}: a comma-separated list of kinds, {@code none}, or {@code all}
   * (every kind).
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static List<FaultKind> parseList(String text) {
    List<FaultKind> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty() || p.equals("none")) {
        continue;
      }
      if (p.equals("all")) {
        for (FaultKind k : values()) {
          if (!out.contains(k)) {
            out.add(k);
          }
        }
        continue;
      }
      FaultKind found = null;
      for (FaultKind k : values()) {
        if (k.label.equals(p)) {
          found = k;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException("unknown nemesis " + part.trim()
            + " (none, kill, pause, partition, clock, membership, transfer, all)");
      }
      if (!out.contains(found)) {
        out.add(found);
      }
    }
    return out;
  }
}
