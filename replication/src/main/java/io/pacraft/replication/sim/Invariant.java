package io.pacraft.replication.sim;

import io.pacraft.replication.NodeId;
import io.pacraft.replication.log.LogEntry;
import io.pacraft.replication.log.LogStore;
import java.util.List;

/**
 * A safety property the simulator checks while a run goes on; a violation is reported by throwing
 * {@link InvariantViolation}.
 */
public interface Invariant {
  /** After every event of the run. */
  void check(SimulationView world);

  /** After {@code node} appended {@code entries} to {@code log}. */
  default void onAppend(NodeId node, List<LogEntry> entries, LogStore log) {}
}
