package io.pacraft.pacifica;

import io.pacraft.replication.GroupSpec;
import java.util.Set;

/**
 * PacificA's settings (names as in {@link GroupSpec#settings()}; docs/pacifica.md lists them).
 *
 * @param beaconIntervalMs how often the primary sends beacons (and re-sends unacknowledged prepares)
 * @param leaseMs how long after sending a beacon that was acknowledged the primary may serve
 * @param graceMs how long a secondary waits without a beacon before asking to become primary
 * @param clockDriftBoundMs the most two nodes' clocks may disagree about an interval
 * @param maxPrepareEntries entries per prepare message
 * @param maxInflightPrepares unacknowledged prepare messages per replica
 * @param cmRequestTimeoutMs how long to wait for the configuration manager before asking again
 * @param cmProtocol the protocol the embedded configuration manager runs on
 * @param cmSyncDelayUs the configuration manager's log fsync delay (deterministic log store)
 * @param snapshotEntries compact the log once this many applied entries follow the last compaction
 * @param snapshotRetainEntries entries kept before the compaction point for replicas a little behind
 * @param snapshotChunkBytes bytes per snapshot chunk sent to a replica the log no longer reaches
 * @param primarySyncDeferred {@code primary-sync}: {@code deferred} (true) lets a primary with two
 *     or more secondaries commit before its own log is synced; {@code before-commit} never does
 */
record PacificaSettings(
    long beaconIntervalMs,
    long leaseMs,
    long graceMs,
    long clockDriftBoundMs,
    int maxPrepareEntries,
    int maxInflightPrepares,
    long cmRequestTimeoutMs,
    String cmProtocol,
    long cmSyncDelayUs,
    long cmElectionTimeoutMs,
    long cmHeartbeatIntervalMs,
    long snapshotEntries,
    long snapshotRetainEntries,
    int snapshotChunkBytes,
    boolean primarySyncDeferred) {

  static final Set<String> NAMES =
      Set.of(
          "beacon-interval-ms",
          "lease-ms",
          "grace-ms",
          "clock-drift-bound-ms",
          "max-prepare-entries",
          "max-inflight-prepares",
          "cm-request-timeout-ms",
          "cm-protocol",
          "cm-sync-delay-us",
          "cm-election-timeout-ms",
          "cm-heartbeat-interval-ms",
          "snapshot-entries",
          "snapshot-retain-entries",
          "snapshot-chunk-bytes",
          "primary-sync");

  /**
   * Reads and validates the settings.
   *
   * @param validateTiming false only for the broken variant that skips the lease/grace check
   * @throws IllegalArgumentException on an unknown name, a bad value, or grace ≤ lease + drift bound
   */
  static PacificaSettings from(GroupSpec spec, boolean validateTiming) {
    for (String name : spec.settings().keySet()) {
      if (!NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown pacifica setting " + name + "; known: " + new java.util.TreeSet<>(NAMES));
      }
    }
    PacificaSettings s =
        new PacificaSettings(
            spec.longSetting("beacon-interval-ms", 100),
            spec.longSetting("lease-ms", 500),
            spec.longSetting("grace-ms", 800),
            spec.longSetting("clock-drift-bound-ms", 100),
            (int) Math.min(Integer.MAX_VALUE, spec.longSetting("max-prepare-entries", 4096)),
            (int) Math.min(Integer.MAX_VALUE, spec.longSetting("max-inflight-prepares", 64)),
            spec.longSetting("cm-request-timeout-ms", 500),
            spec.settings().getOrDefault("cm-protocol", "raft"),
            spec.longSetting("cm-sync-delay-us", 0),
            spec.longSetting("cm-election-timeout-ms", 500),
            spec.longSetting("cm-heartbeat-interval-ms", 100),
            spec.longSetting("snapshot-entries", 100_000),
            spec.longSetting("snapshot-retain-entries", 10_000),
            (int) Math.min(Integer.MAX_VALUE, spec.longSetting("snapshot-chunk-bytes", 1 << 20)),
            primarySync(spec.settings().getOrDefault("primary-sync", "deferred")));
    positive("beacon-interval-ms", s.beaconIntervalMs);
    positive("lease-ms", s.leaseMs);
    positive("grace-ms", s.graceMs);
    positive("max-prepare-entries", s.maxPrepareEntries);
    positive("max-inflight-prepares", s.maxInflightPrepares);
    positive("cm-request-timeout-ms", s.cmRequestTimeoutMs);
    positive("snapshot-entries", s.snapshotEntries);
    positive("snapshot-chunk-bytes", s.snapshotChunkBytes);
    if (s.snapshotRetainEntries < 0) {
      throw new IllegalArgumentException("snapshot-retain-entries must be >= 0: " + s.snapshotRetainEntries);
    }
    if (s.clockDriftBoundMs < 0) {
      throw new IllegalArgumentException("clock-drift-bound-ms must be >= 0: " + s.clockDriftBoundMs);
    }
    if (validateTiming) {
      if (s.graceMs <= s.leaseMs + s.clockDriftBoundMs) {
        throw new IllegalArgumentException(
            "grace-ms ("
                + s.graceMs
                + ") must be greater than lease-ms ("
                + s.leaseMs
                + ") + clock-drift-bound-ms ("
                + s.clockDriftBoundMs
                + "): otherwise a secondary can become primary while the old primary still serves under its lease");
      }
      if (s.beaconIntervalMs >= s.leaseMs) {
        throw new IllegalArgumentException(
            "beacon-interval-ms (" + s.beaconIntervalMs + ") must be less than lease-ms (" + s.leaseMs + "): the lease would lapse between beacons");
      }
    }
    return s;
  }

  private static boolean primarySync(String value) {
    return switch (value) {
      case "deferred" -> true;
      case "before-commit" -> false;
      default -> throw new IllegalArgumentException("primary-sync must be deferred or before-commit: " + value);
    };
  }

  private static void positive(String name, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0: " + v);
    }
  }
}
