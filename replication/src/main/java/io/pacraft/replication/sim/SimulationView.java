package io.pacraft.replication.sim;

import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import java.util.List;

/** What invariants see of a running simulation. */
public interface SimulationView {
  /** Virtual nanoseconds since the start. */
  long now();

  List<NodeId> nodes();

  /** The replica running on {@code node}, or null while it is crashed. */
  ReplicaGroup replica(NodeId node);
}
