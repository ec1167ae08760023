package io.pacraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.Simulation;
import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.sim.SimulationResult;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The simulator must find bugs: each deliberately broken variant of the core is caught within a
 * bounded number of seeds, with a violation naming the property it breaks.
 */
class BrokenVariantsTest {
  static final int MAX_SEEDS = 400;

  @ParameterizedTest
  @EnumSource(Defect.class)
  void simulatorCatchesTheDefect(Defect defect) {
    SimulationConfig config = SimulationConfig.of(new RaftSimulation(EnumSet.of(defect)), 5);
    Optional<SimulationResult> caught = Optional.empty();
    for (long seed = 1; seed <= MAX_SEEDS && caught.isEmpty(); seed++) {
      SimulationResult r = Simulation.run(config, seed);
      if (r.violation().isPresent()) {
        caught = Optional.of(r);
      }
    }
    assertThat(caught).as(defect + " caught within " + MAX_SEEDS + " seeds").isPresent();
    System.out.println(defect + " caught by seed " + caught.get().seed() + ": " + caught.get().violation().get().lines().findFirst().orElse(""));
  }
}
