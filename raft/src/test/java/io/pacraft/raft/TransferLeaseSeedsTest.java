package io.pacraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.Simulation;
import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.sim.SimulationResult;
import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seeds of the 3-node sweep on which the simulator found stale lease reads after an abandoned
 * leadership transfer: each fails with the old behaviour ({@link Defect#LEASE_AFTER_TIMEOUT_NOW})
 * and passes with the fix (no lease for the rest of a term in which TimeoutNow was sent).
 */
class TransferLeaseSeedsTest {
  @ParameterizedTest
  @ValueSource(longs = {575, 1115})
  void aLeaderThatSentTimeoutNowTakesNoLease(long seed) {
    SimulationConfig broken = SimulationConfig.of(new RaftSimulation(EnumSet.of(Defect.LEASE_AFTER_TIMEOUT_NOW)), 3);
    SimulationResult before = Simulation.run(broken, seed);
    assertThat(before.violation()).as("seed %d with the old lease rule", seed).get().asString().contains("not linearizable");
    SimulationResult after = Simulation.run(SimulationConfig.of(new RaftSimulation(), 3), seed);
    assertThat(after.violation()).as("seed %d with the fix", seed).isEmpty();
  }
}
