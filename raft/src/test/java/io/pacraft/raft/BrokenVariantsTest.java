package io.pacraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.Faults;
import io.pacraft.replication.sim.Simulation;
import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.sim.SimulationResult;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The simulator must find bugs: each deliberately broken variant of the core is caught within a
 * bounded number of seeds, by the property it breaks. (The old-term commit bug of Figure 8 is also
 * caught, deterministically, by scenarios/figure8-broken.txt.)
 */
class BrokenVariantsTest {
  /** Crashes every 0.3 s, fsyncs up to 20 ms: the faults that expose lost acknowledged writes. */
  private static final Faults CRASHES =
      new Faults(0.01, 0.01, 100_000, 3_000_000, 0, 3_000_000, false, true, false, false, false, 300_000_000L, 20_000_000L);

  private static SimulationResult firstViolation(Defect defect, Faults faults, int nodes, int maxSeeds) {
    SimulationConfig config = SimulationConfig.of(new RaftSimulation(EnumSet.of(defect)), nodes).withFaults(faults);
    for (long seed = 1; seed <= maxSeeds; seed++) {
      SimulationResult r = Simulation.run(config, seed);
      if (r.violation().isPresent()) {
        return r;
      }
    }
    throw new AssertionError(defect + " not caught within " + maxSeeds + " seeds");
  }

  @Test
  void grantingTwoVotesInOneTermBreaksElectionSafety() {
    SimulationResult r = firstViolation(Defect.DOUBLE_VOTE, Faults.all(), 5, 100);
    assertThat(r.violation()).get().asString().contains("election safety");
  }

  @Test
  void servingAReadWithoutABarrierIsNotLinearizable() {
    SimulationResult r = firstViolation(Defect.READ_WITHOUT_BARRIER, Faults.all(), 5, 100);
    assertThat(r.violation()).get().asString().contains("not linearizable");
  }

  @Test
  void acknowledgingBeforeFsyncLosesCommittedEntries() {
    SimulationResult r = firstViolation(Defect.ACK_BEFORE_FSYNC, CRASHES, 5, 300);
    assertThat(r.violation()).get().asString().containsAnyOf("leader completeness", "state machine safety", "never applied");
  }

  @Test
  void theCorrectCoreSurvivesTheSameCrashes() {
    SimulationConfig config = SimulationConfig.of(new RaftSimulation(), 5).withFaults(CRASHES);
    for (long seed = 1; seed <= 30; seed++) {
      assertThat(Simulation.run(config, seed).violation()).as("seed " + seed).isEqualTo(Optional.empty());
    }
  }
}
