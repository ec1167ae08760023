package io.pacraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.sim.SimulationResult;
import io.pacraft.replication.sim.SimulationRunner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeds of a 5-node Raft group under every fault the simulator has; each run checks
 * election safety, log matching, leader completeness and state machine safety after every event,
 * linearizability of the client history, and progress once the faults heal. {@code -Dsim.seeds=N}
 * sets the number of seeds (2,000 by default).
 */
class SimulatorSeedsTest {
  @Test
  void everySeedKeepsRaftSafeAndLive() {
    int seeds = Integer.getInteger("sim.seeds", 2000);
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    List<String> violations = new ArrayList<>();
    List<SimulationResult> results =
        SimulationRunner.run(SimulationConfig.of(new RaftSimulation(), 5), 1, seeds, threads, r -> {
          r.violation().ifPresent(v -> violations.add("seed " + r.seed() + ": " + v));
        });
    assertThat(results).hasSize(seeds);
    long ops = results.stream().mapToLong(SimulationResult::operations).sum();
    assertThat(ops).as("client operations completed").isGreaterThan(seeds * 100L);
    assertThat(violations).isEmpty();
  }
}
