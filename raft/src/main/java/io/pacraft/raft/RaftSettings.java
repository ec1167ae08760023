package io.pacraft.raft;

import io.pacraft.replication.GroupSpec;
import java.util.Set;

/**
 * Raft's settings, read from {@link GroupSpec#settings()} and validated at open. Every name, its
 * default and its meaning is documented in docs/raft.md.
 */
record RaftSettings(
    long electionTimeoutMs,
    long heartbeatIntervalMs,
    boolean leaseReads,
    long clockDriftBoundMs,
    int maxAppendEntries,
    long maxAppendBytes,
    int maxInflightAppends,
    long snapshotEntries,
    long snapshotBytes,
    long snapshotRetainEntries,
    int snapshotChunkBytes,
    int maxInflightSnapshotChunks,
    long maxApplyBytes) {

  static final Set<String> NAMES =
      Set.of(
          "election-timeout-ms",
          "heartbeat-interval-ms",
          "lease-reads",
          "clock-drift-bound-ms",
          "max-append-entries",
          "max-append-bytes",
          "max-inflight-appends",
          "snapshot-entries",
          "snapshot-bytes",
          "snapshot-retain-entries",
          "snapshot-chunk-bytes",
          "max-inflight-snapshot-chunks",
          "max-apply-bytes");

  static RaftSettings from(GroupSpec spec) {
    for (String name : spec.settings().keySet()) {
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown raft setting " + name + "; known: " + new java.util.TreeSet<>(NAMES));
      }
    }
    RaftSettings s =
        new RaftSettings(
            spec.longSetting("election-timeout-ms", 500),
            spec.longSetting("heartbeat-interval-ms", 100),
            spec.booleanSetting("lease-reads", true),
            spec.longSetting("clock-drift-bound-ms", 100),
            (int) Math.min(Integer.MAX_VALUE, spec.longSetting("max-append-entries", 4096)),
            spec.longSetting("max-append-bytes", 1 << 20),
            (int) Math.min(Integer.MAX_VALUE, spec.longSetting("max-inflight-appends", 64)),
            spec.longSetting("snapshot-entries", 100_000),
            spec.longSetting("snapshot-bytes", 256L << 20),
            spec.longSetting("snapshot-retain-entries", 10_000),
            (int) Math.min(Integer.MAX_VALUE, spec.longSetting("snapshot-chunk-bytes", 1 << 20)),
            (int) Math.min(Integer.MAX_VALUE, spec.longSetting("max-inflight-snapshot-chunks", 4)),
            spec.longSetting("max-apply-bytes", 4 << 20));
    s.validate();
    return s;
  }

  private void validate() {
    positive("election-timeout-ms", electionTimeoutMs);
    positive("heartbeat-interval-ms", heartbeatIntervalMs);
    positive("max-append-entries", maxAppendEntries);
    positive("max-append-bytes", maxAppendBytes);
    positive("max-inflight-appends", maxInflightAppends);
    positive("snapshot-entries", snapshotEntries);
    positive("snapshot-bytes", snapshotBytes);
    positive("snapshot-chunk-bytes", snapshotChunkBytes);
    positive("max-inflight-snapshot-chunks", maxInflightSnapshotChunks);
    positive("max-apply-bytes", maxApplyBytes);
    if (snapshotRetainEntries < 0) {
      throw new IllegalArgumentException("setting snapshot-retain-entries must be >= 0: " + snapshotRetainEntries);
    }
    if (clockDriftBoundMs < 0) {
      throw new IllegalArgumentException("setting clock-drift-bound-ms must be >= 0: " + clockDriftBoundMs);
    }
    if (heartbeatIntervalMs * 2 > electionTimeoutMs) {
      throw new IllegalArgumentException(
          "setting heartbeat-interval-ms ("
              + heartbeatIntervalMs
              + ") must be at most half of election-timeout-ms ("
              + electionTimeoutMs
              + ")");
    }
    if (leaseReads && clockDriftBoundMs + heartbeatIntervalMs >= electionTimeoutMs) {
      throw new IllegalArgumentException(
          "with lease-reads yes, clock-drift-bound-ms + heartbeat-interval-ms ("
              + (clockDriftBoundMs + heartbeatIntervalMs)
              + ") must be below election-timeout-ms ("
              + electionTimeoutMs
              + "), or no lease would ever be valid");
    }
  }

  private static void positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException("setting " + name + " must be > 0: " + v);
    }
  }

  long electionTimeoutNanos() {
    return electionTimeoutMs * 1_000_000L;
  }

  long heartbeatIntervalNanos() {
    return heartbeatIntervalMs * 1_000_000L;
  }

  /** How long a leader may serve reads locally after a quorum acknowledged a heartbeat it sent. */
  long leaseNanos() {
    return (electionTimeoutMs - clockDriftBoundMs) * 1_000_000L;
  }
}
