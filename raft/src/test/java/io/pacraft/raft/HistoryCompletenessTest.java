package io.pacraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.HistoryListener;
import io.pacraft.replication.sim.Operation;
import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.sim.SimulationResult;
import io.pacraft.replication.sim.SimulationRunner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The client history a history checker (the jepsen checker of {@code pacraft simulate}) receives
 * must hold every write the simulation made, the final liveness write included: a read that sees a
 * value no recorded write wrote makes a correct run look non-linearizable. Without the final write
 * in the history, seed 703 of the 3-node sweep fails here (a read in flight when the faults healed
 * saw it); the 10 seeds from 701 include it ({@code -Dhistory.first}, {@code -Dhistory.seeds}).
 */
class HistoryCompletenessTest {
  /** Fails a run in which an ok read returned a value that no recorded write invoked before it completed. */
  static final class EveryReadValueWasWritten implements HistoryListener {
    private final Set<Long> written = new HashSet<>();
    private final List<String> unwritten = new ArrayList<>();

    @Override
    public void onOperation(Operation op) {
      if (op.f() == Operation.F.WRITE && op.type() == Operation.Type.INVOKE) {
        written.add(op.value());
      } else if (op.f() == Operation.F.READ && op.type() == Operation.Type.OK && op.value() != null && !written.contains(op.value())) {
        unwritten.add(op.toString());
      }
    }

    @Override
    public Optional<String> verdict() {
      return unwritten.isEmpty() ? Optional.empty() : Optional.of("read of an unrecorded write: " + unwritten);
    }
  }

  @Test
  void everyValueReadWasWrittenByARecordedOperation() {
    SimulationConfig config = SimulationConfig.of(new RaftSimulation(), 3).withListeners(List.of(EveryReadValueWasWritten::new));
    List<String> violations = new ArrayList<>();
    SimulationRunner.run(config, Long.getLong("history.first", 701), Integer.getInteger("history.seeds", 10), 2,
        r -> r.violation().ifPresent(v -> violations.add("seed " + r.seed() + ": " + v)));
    assertThat(violations).isEmpty();
  }
}
