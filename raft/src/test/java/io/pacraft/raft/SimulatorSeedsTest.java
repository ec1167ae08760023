package io.pacraft.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.sim.SimulationResult;
import io.pacraft.replication.sim.SimulationRunner;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeds of a Raft group under every fault the simulator has; each run checks election
 * safety, log matching, leader completeness and state machine safety after every event,
 * linearizability of the client history, and progress once the faults heal. {@code -Dsim.seeds=N}
 * sets the number of seeds (2,000 by default), {@code -Dsim.first=S} the first one (1), and {@code
 * -Dsim.nodes=N} the group size (5 by default; 3 for the smaller group); {@code -Dsim.defect=NAME}
 * runs a deliberately broken core instead (a {@link Defect}), to count the seeds that catch it.
 */
class SimulatorSeedsTest {
  @Test
  void everySeedKeepsRaftSafeAndLive() {
    int seeds = Integer.getInteger("sim.seeds", 2000);
    long first = Long.getLong("sim.first", 1);
    int nodes = Integer.getInteger("sim.nodes", 5);
    String defect = System.getProperty("sim.defect", "");
    EnumSet<Defect> defects = defect.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.of(Defect.valueOf(defect));
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    List<String> violations = new ArrayList<>();
    long started = System.nanoTime();
    List<SimulationResult> results =
        SimulationRunner.run(SimulationConfig.of(new RaftSimulation(defects), nodes), first, seeds, threads, r -> {
          r.violation().ifPresent(v -> violations.add("seed " + r.seed() + ": " + v));
        });
    assertThat(results).hasSize(seeds);
    long ops = results.stream().mapToLong(SimulationResult::operations).sum();
    assertThat(ops).as("client operations completed").isGreaterThan(seeds * 100L);
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println("SimulatorSeedsTest: " + nodes + " nodes, seeds " + first + ".." + (first + seeds - 1) + ": "
        + violations.size() + " violations, " + ops + " client operations, " + millis + " ms");
    violations.forEach(System.out::println);
    assertThat(violations).isEmpty();
  }
}
