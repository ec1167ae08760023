package io.pacraft.pacifica;

import io.pacraft.replication.sim.Simulation;
import io.pacraft.replication.sim.SimulationResult;
import java.io.PrintWriter;

/** Prints the trace of one seed: {@code TraceSeed NODES SEED FILE}, for replaying a failure by hand. */
final class TraceSeed {
  private TraceSeed() {}

  public static void main(String[] args) throws Exception {
    int nodes = Integer.parseInt(args[0]);
    long seed = Long.parseLong(args[1]);
    try (PrintWriter out = new PrintWriter(args[2])) {
      SimulationResult r = Simulation.run(SimulatorSeedsTest.config(nodes).withTrace(out::println), seed);
      System.out.println(r);
    }
  }
}
