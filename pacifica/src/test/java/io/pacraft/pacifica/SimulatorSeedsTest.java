package io.pacraft.pacifica;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.Faults;
import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.sim.SimulationResult;
import io.pacraft.replication.sim.SimulationRunner;
import io.pacraft.replication.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of seeds of 3- and 5-replica PacificA groups under every fault the simulator has (the
 * configuration manager's Raft group, on the same nodes, suffers them too); each run checks {@link
 * PacificaSafety} after every event, the linearizability of the client history, and progress once
 * the faults heal. {@code -Dsim.seeds=N} sets the number of seeds per group size (2,000 by default).
 */
class SimulatorSeedsTest {
  /**
   * Every fault of {@link Faults#all()}, striking every 200 ms on average instead of 700 ms, over 1
   * virtual second (then healing): short, cheap seeds that still see several faults each.
   */
  static SimulationConfig config(int nodes) {
    return config(new PacificaSimulation(), nodes);
  }

  static SimulationConfig config(io.pacraft.replication.sim.SimProtocol protocol, int nodes) {
    Faults a = Faults.all();
    Faults f = new Faults(a.dropRate(), a.duplicateRate(), a.minDelayNanos(), a.maxDelayNanos(), a.slowRate(), a.slowDelayNanos(),
        a.partitions(), a.crashes(), a.pauses(), a.clockJumps(), a.transfers(), Long.getLong("sim.faultIntervalMs", 200) * 1_000_000L, a.maxFsyncNanos());
    return SimulationConfig.of(protocol, nodes).withFaults(f).withDuration(Long.getLong("sim.durationMs", 1000) * 1_000_000L);
  }

  @ParameterizedTest
  @ValueSource(ints = {3, 5})
  void everySeedKeepsPacificaSafeAndLive(int nodes) {
    int seeds = Integer.getInteger("sim.seeds", 2000);
    int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    List<String> violations = new ArrayList<>();
    long t0 = System.nanoTime();
    Coverage coverage = new Coverage();
    List<SimulationResult> results =
        SimulationRunner.run(config(coverage, nodes), 1, seeds, threads, r -> {
          r.violation().ifPresent(v -> violations.add("seed " + r.seed() + ": " + v));
        });
    long ops = results.stream().mapToLong(SimulationResult::operations).sum();
    System.out.printf("pacifica %d replicas: %d seeds, %d violations, %d operations, %.1f s%n", nodes, seeds, violations.size(), ops,
        (System.nanoTime() - t0) / 1e9);
    System.out.println(coverage);
    assertThat(results).hasSize(seeds);
    assertThat(coverage.seedsWithCmLeaderCrash.get()).as("seeds where the configuration manager's leader crashed").isGreaterThan(seeds / 10L);
    assertThat(coverage.promotions.get()).as("learners promoted").isGreaterThan(seeds / 10L);
    assertThat(coverage.primaryChanges.get()).as("primary changes").isGreaterThan(seeds / 10L);
    assertThat(coverage.snapshotInstalls.get()).as("snapshots installed").isGreaterThan(seeds / 20L);
    assertThat(ops).as("client operations completed").isGreaterThan(seeds * 30L);
    assertThat(violations).isEmpty();
  }

  /**
   * The seed that found a learner acknowledging an installed snapshot before its compaction was
   * durable: crashed in between, it came back below the match the primary kept for it, and the two
   * exchanged the same prepare and refusal at one virtual instant forever (the run never ended).
   */
  @Test
  void aLearnerThatCrashesRightAfterInstallingASnapshotCatchesUp() {
    SimulationResult r = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(120), () -> Simulation.run(config(3), 3436));
    assertThat(r.violation()).isEmpty();
  }
}
