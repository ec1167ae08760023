package io.pacraft.pacifica;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.sim.Simulation;
import io.pacraft.replication.sim.SimulationConfig;
import io.pacraft.replication.sim.SimulationResult;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator must find bugs: each deliberately broken variant of PacificA is caught within a
 * bounded number of seeds, by the property it breaks.
 */
class BrokenVariantsTest {
  private static SimulationResult firstViolation(Defect defect, Map<String, String> overrides, int nodes, int maxSeeds) {
    SimulationConfig base = SimulatorSeedsTest.config(nodes);
    SimulationConfig config =
        new SimulationConfig(new PacificaSimulation(EnumSet.of(defect), overrides), nodes, base.faults(), base.durationNanos(),
            base.settleNanos(), base.clients(), base.readRate(), base.listeners(), null);
    for (long seed = 1; seed <= maxSeeds; seed++) {
      SimulationResult r = Simulation.run(config, seed);
      if (r.violation().isPresent()) {
        System.out.println(defect + " caught at seed " + seed + ": " + r.violation().get().lines().findFirst().orElse(""));
        return r;
      }
    }
    throw new AssertionError(defect + " not caught within " + maxSeeds + " seeds");
  }

  @Test
  void committingWithOneAcknowledgementMissingIsCaught() {
    SimulationResult r = firstViolation(Defect.COMMIT_WITH_ONE_ACK_MISSING, Map.of(), 3, 200);
    assertThat(r.violation()).get().asString().containsAnyOf("committed on every replica", "committed entry lost", "diverge",
        "not linearizable", "state machine safety");
  }

  @Test
  void aGracePeriodNoLongerThanTheLeaseLetsTwoPrimariesServe() {
    SimulationResult r = firstViolation(Defect.SKIP_TIMING_VALIDATION, Map.of("lease-ms", "300", "grace-ms", "150"), 3, 200);
    assertThat(r.violation()).get().asString().containsAnyOf("lease:", "not linearizable");
  }

  @Test
  void servingAfterTheLeaseExpiredIsCaught() {
    SimulationResult r = firstViolation(Defect.SERVE_AFTER_LEASE_EXPIRY, Map.of(), 3, 200);
    assertThat(r.violation()).get().asString().containsAnyOf("lease:", "not linearizable");
  }

  @Test
  void aReadFastPathOpenBeforeReconciliationIsCaught() {
    SimulationResult r = firstViolation(Defect.PUBLISH_LEASE_BEFORE_RECONCILED, Map.of(), 3, 200);
    assertThat(r.violation()).get().asString().containsAnyOf("lease:", "not linearizable");
  }

  @Test
  void aRestartedPrimaryReconcilingFromALogItNeverSyncedIsCaught() {
    SimulationResult r = firstViolation(Defect.RESTARTED_PRIMARY_TRUSTS_ITS_LOG, Map.of(), 3, 1000);
    assertThat(r.violation()).get().asString().containsAnyOf("committed entry lost", "diverge", "not linearizable",
        "state machine safety");
  }

  @Test
  void aManagerAcceptingAStaleVersionIsCaught() {
    SimulationResult r = firstViolation(Defect.CM_ACCEPTS_STALE_VERSION, Map.of(), 3, 400);
    assertThat(r.violation()).get().asString().containsAnyOf("lease:", "one primary per version", "not linearizable", "diverge",
        "committed on every replica", "committed entry lost");
  }
}
