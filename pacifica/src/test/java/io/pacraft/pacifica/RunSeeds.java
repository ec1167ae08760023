package io.pacraft.pacifica;

import io.pacraft.replication.sim.SimulationResult;
import io.pacraft.replication.sim.SimulationRunner;
import java.util.List;

/** Runs seeds by hand: {@code RunSeeds NODES FIRST COUNT}; prints each violation and a summary. */
final class RunSeeds {
  private RunSeeds() {}

  public static void main(String[] args) {
    int nodes = Integer.parseInt(args[0]);
    long first = Long.parseLong(args[1]);
    int count = Integer.parseInt(args[2]);
    long t0 = System.nanoTime();
    Coverage coverage = new Coverage();
    List<SimulationResult> results = SimulationRunner.run(SimulatorSeedsTest.config(coverage, nodes), first, count, 2, r -> {
      r.violation().ifPresent(v -> System.out.println("seed " + r.seed() + ": " + v.lines().findFirst().orElse("")));
    });
    long bad = results.stream().filter(r -> r.violation().isPresent()).count();
    long ops = results.stream().mapToLong(SimulationResult::operations).sum();
    long events = results.stream().mapToLong(SimulationResult::events).sum();
    System.out.printf("mean virtual ms %.0f%n", results.stream().mapToLong(SimulationResult::virtualNanos).average().orElse(0) / 1e6);
    System.out.println(coverage);
    System.out.printf("%d seeds, %d violations, %d ops, %d events, %.1f s%n", count, bad, ops, events, (System.nanoTime() - t0) / 1e9);
  }
}
