package io.pacraft.pacifica;

import io.pacraft.replication.sim.Simulation;
import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.sim.SimulationResult;
import java.util.EnumSet;
import java.util.Map;

/** {@code TraceBroken DEFECT NODES MAXSEEDS [k=v...]}: the first seed that catches a defect. */
final class TraceBroken {
  private TraceBroken() {}

  public static void main(String[] args) {
    Defect d = Defect.valueOf(args[0]);
    int nodes = Integer.parseInt(args[1]);
    Map<String, String> o = new java.util.HashMap<>();
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split("=");
      o.put(kv[0], kv[1]);
    }
    SimulationConfig base = SimulatorSeedsTest.config(nodes);
    SimulationConfig config = new SimulationConfig(new PacificaSimulation(EnumSet.of(d), o), nodes, base.faults(), base.durationNanos(),
        base.settleNanos(), base.clients(), base.readRate(), base.listeners(), null);
    for (long seed = 1; seed <= Long.parseLong(args[2]); seed++) {
      SimulationResult r = Simulation.run(config, seed);
      if (r.violation().isPresent()) {
        System.out.println("seed " + seed + ": " + r.violation().get().lines().findFirst().orElse(""));
        return;
      }
    }
    System.out.println("not caught");
  }
}
