package io.pacraft.replication.sim;

import java.util.Optional;

/**
 * Receives the client operations of one simulated run as they happen (a single-register history:
 * writes of unique values, reads) and judges them at the end. The simulator has its own cheap
 * checker ({@link RegisterChecker}); {@code pacraft simulate} plugs the jepsen linearizability
 * checker in here as well.
 */
public interface HistoryListener {
  void onOperation(Operation op);

  /** The run is over; a description of why the history is not linearizable, or empty. */
  Optional<String> verdict();
}
