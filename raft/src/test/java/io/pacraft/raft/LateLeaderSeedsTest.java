package io.pacraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.Simulation;
import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.sim.SimulationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seeds of a 10,000-seed sweep of 5 nodes on which a candidate of an old term wins its election
 * on delayed votes after a later term has committed more entries. The leader completeness invariant
 * used to demand those later entries of it and reported a violation; Raft promises a new leader only
 * the entries committed in earlier terms, and such a stale leader can commit nothing. Each seed must
 * run clean, its client history linearizable.
 */
class LateLeaderSeedsTest {
  @ParameterizedTest
  @ValueSource(longs = {5637, 5902, 9170})
  void aLateLeaderOfAnOldTermIsNotAViolation(long seed) {
    SimulationResult r = Simulation.run(SimulationConfig.of(new RaftSimulation(), 5), seed);
    assertThat(r.violation()).as("seed %d", seed).isEmpty();
    assertThat(r.operations()).as("client operations of seed %d", seed).isGreaterThan(100);
  }
}
