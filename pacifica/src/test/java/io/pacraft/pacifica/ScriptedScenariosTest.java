package io.pacraft.pacifica;

import static org.assertj.core.api.Assertions.assertThat;

import io.pacraft.replication.Member;
import io.pacraft.replication.MembershipChange;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.NotLeaderException;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.Role;
import io.pacraft.replication.sim.Faults;
import io.pacraft.replication.sim.Simulation;
import io.pacraft.replication.sim.SimulationConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Stories on a reliable simulated network, every invariant checked after every event. */
class ScriptedScenariosTest {
  private static final long MS = 1_000_000L;
  private static final NodeId N1 = NodeId.of("n1");
  private static final NodeId N2 = NodeId.of("n2");
  private static final NodeId N3 = NodeId.of("n3");

  private static Simulation world() {
    return world(new PacificaSimulation());
  }

  private static Simulation world(PacificaSimulation protocol) {
    Simulation sim = new Simulation(SimulationConfig.of(protocol, 3).withFaults(Faults.none()), 1);
    sim.boot();
    sim.runFor(1000 * MS);
    return sim;
  }

  /**
   * Runs until {@code f} completes (at most 6 virtual s). Steps are longer than the beacon interval:
   * {@code Simulation.runFor} only moves time as far as the events it runs, so a step shorter than
   * the gap to the next event would never get there.
   */
  private static <T> T done(Simulation sim, CompletableFuture<T> f) {
    for (int i = 0; i < 100 && !f.isDone(); i++) {
      sim.runFor(60 * MS);
    }
    assertThat(f).isDone();
    return f.join();
  }

  @Test
  void theBootstrapPrimaryWritesAndServesReadsUnderItsLease() {
    Simulation sim = world();
    assertThat(sim.replica(N1).role()).isEqualTo(Role.LEADER);
    Object index = done(sim, sim.propose(N1, 7));
    assertThat(done(sim, sim.replica(N1).readBarrier())).isGreaterThanOrEqualTo((Long) index);
    sim.runFor(200 * MS);
    assertThat(sim.machineState(N3)).isEqualTo("applied=" + index + " value=7");
    CompletableFuture<Long> read = sim.replica(N2).readBarrier();
    CompletableFuture<Object> write = sim.propose(N2, 8);
    sim.runFor(60 * MS);
    assertThat(read).isCompletedExceptionally();
    assertThat(write).isCompletedExceptionally();
  }

  @Test
  void underItsLeaseThePrimaryAnswersReadsAtOnceAndStopsWhenTheLeaseLapses() {
    Simulation sim = world();
    ReplicaGroup primary = sim.replica(N1);
    Object first = done(sim, sim.propose(N1, 1));
    CompletableFuture<Long> read = primary.readBarrier();
    assertThat(read).as("answered on the caller's thread, no trip through the scheduler").isCompleted();
    assertThat(read.join()).isGreaterThanOrEqualTo((Long) first);
    Object second = done(sim, sim.propose(N1, 2));
    CompletableFuture<Long> after = primary.readBarrier();
    assertThat(after).isCompleted();
    assertThat(after.join()).as("the published read index follows the commit point").isGreaterThanOrEqualTo((Long) second);
    // the secondaries' acknowledgements stop reaching the primary: 300 ms (lease-ms) after the
    // send of the last beacon they acknowledged, it may serve no read
    sim.cut(N2, N1);
    sim.cut(N3, N1);
    sim.runFor(400 * MS);
    CompletableFuture<Long> late = primary.readBarrier();
    sim.runFor(60 * MS);
    assertThat(late).isCompletedExceptionally();
  }

  @Test
  void aRemovedReplicaAddedBackAsALearnerCatchesUpAndIsPromoted() {
    Simulation sim = world();
    ReplicaGroup primary = sim.replica(N1);
    done(sim, sim.propose(N1, 1));
    done(sim, primary.changeMembership(new MembershipChange.Remove(N3)));
    assertThat(primary.membership().contains(N3)).isFalse();
    Object index = done(sim, sim.propose(N1, 2)); // commits without n3
    done(sim, primary.changeMembership(new MembershipChange.AddLearner(new Member(N3, "sim:n3", true))));
    assertThat(primary.membership().contains(N3)).isTrue();
    done(sim, primary.changeMembership(new MembershipChange.Promote(N3)));
    assertThat(primary.membership().isVoter(N3)).isTrue();
    sim.runFor(200 * MS);
    assertThat(sim.machineState(N3)).startsWith("applied=").contains("value=2");
    assertThat(index).isNotNull();
    CompletableFuture<Void> self = primary.changeMembership(new MembershipChange.Remove(N1));
    assertThat(self).isCompletedExceptionally();
  }

  @Test
  void aTransferMakesTheTargetPrimaryThroughTheManager() {
    Simulation sim = world();
    done(sim, sim.propose(N1, 1));
    done(sim, sim.replica(N1).transferLeadership(N2));
    for (int i = 0; i < 100 && sim.replica(N2).role() != Role.LEADER; i++) {
      sim.runFor(60 * MS);
    }
    assertThat(sim.replica(N2).role()).isEqualTo(Role.LEADER);
    assertThat(sim.replica(N1).role()).isNotEqualTo(Role.LEADER);
    Object index = done(sim, sim.propose(N2, 5));
    sim.runFor(300 * MS);
    assertThat(sim.machineState(N1)).isEqualTo("applied=" + index + " value=5");
  }

  /** What the primary's log had synced when each of 20 writes was acknowledged, over the writes' indexes. */
  private static long writesAcknowledgedBeforeThePrimarySyncedThem(Simulation sim) {
    PacificaCore primary = ((PacificaReplica) sim.replica(N1)).core();
    long early = 0;
    for (int i = 0; i < 20; i++) {
      long[] durableAtAck = new long[1];
      CompletableFuture<Object> f = sim.propose(N1, 100 + i);
      f.thenRun(() -> durableAtAck[0] = primary.durableIndex());
      long index = (Long) done(sim, f);
      if (durableAtAck[0] < index) {
        early++;
      }
    }
    return early;
  }

  @Test
  void withTwoSecondariesThePrimaryAcknowledgesWritesBeforeItsOwnSyncUnlessToldNotTo() {
    assertThat(writesAcknowledgedBeforeThePrimarySyncedThem(world())).isEqualTo(20);
    Simulation strict = world(new PacificaSimulation(EnumSet.noneOf(Defect.class), Map.of("primary-sync", "before-commit")));
    assertThat(writesAcknowledgedBeforeThePrimarySyncedThem(strict)).isZero();
  }

  @Test
  void aPrimaryThatDeferredItsSyncHasItsLogDurableWithinABeaconInterval() {
    Simulation sim = world();
    PacificaCore primary = ((PacificaReplica) sim.replica(N1)).core();
    long[] durableAtAck = new long[1];
    CompletableFuture<Object> f = sim.propose(N1, 42);
    f.thenRun(() -> durableAtAck[0] = primary.durableIndex());
    long index = (Long) done(sim, f);
    assertThat(durableAtAck[0]).as("acknowledged before the primary's own sync").isLessThan(index);
    sim.runFor(60 * MS); // the simulator's beacon interval is 50 ms
    assertThat(primary.durableIndex()).isGreaterThanOrEqualTo(index);
  }

  @Test
  void aPrimaryAsksTheManagerForAChangeOnlyOnceItsLogHoldsWhatItCommitted() {
    Simulation sim = world();
    PacificaCore primary = ((PacificaReplica) sim.replica(N1)).core();
    long[] durable = {-1, -1};
    List<CompletableFuture<Void>> transfer = new ArrayList<>();
    CompletableFuture<Object> f = sim.propose(N1, 42);
    f.thenRun(() -> {
      // at once, before the primary's next sync: the transfer's request must wait for it
      durable[0] = primary.durableIndex();
      CompletableFuture<Void> t = sim.replica(N1).transferLeadership(N2);
      t.thenRun(() -> durable[1] = primary.durableIndex());
      transfer.add(t);
    });
    long index = (Long) done(sim, f);
    done(sim, transfer.get(0));
    assertThat(durable[0]).as("committed before the primary's own sync").isLessThan(index);
    assertThat(durable[1]).as("the primary's log when the manager accepted its request").isGreaterThanOrEqualTo(index);
  }

  @Test
  void whenThePrimaryCrashesASecondaryTakesOverAfterTheGracePeriodWithoutLosingAWrite() {
    Simulation sim = world();
    Object index = done(sim, sim.propose(N1, 42));
    sim.crash(N1);
    sim.runFor(450 * MS); // the grace period: nobody may take over yet
    assertThat(sim.replica(N2).role()).isNotEqualTo(Role.LEADER);
    assertThat(sim.replica(N3).role()).isNotEqualTo(Role.LEADER);
    sim.runFor(1500 * MS);
    NodeId next = sim.replica(N2).role() == Role.LEADER ? N2 : N3;
    assertThat(sim.replica(next).role()).isEqualTo(Role.LEADER);
    Long barrier = done(sim, sim.replica(next).readBarrier());
    assertThat(barrier).isGreaterThan((Long) index);
    assertThat(sim.machineState(next)).contains("value=42");
    sim.restart(N1);
    sim.runFor(2000 * MS);
    assertThat(sim.replica(N1).role()).isIn(Role.FOLLOWER, Role.LEARNER);
    Object later = done(sim, sim.propose(next, 43));
    sim.runFor(500 * MS);
    assertThat(sim.machineState(N1)).isEqualTo("applied=" + later + " value=43");
    assertThat(sim.replica(next).membership().isVoter(N1)).as("the old primary is promoted back").isTrue();
  }

  @Test
  void aProposalAtASecondaryNamesThePrimary() {
    Simulation sim = world();
    CompletableFuture<Object> f = sim.propose(N2, 1);
    sim.runFor(60 * MS);
    assertThat(f).isCompletedExceptionally();
    assertThat(f.handle((r, e) -> e).join()).isInstanceOf(NotLeaderException.class);
    assertThat(((NotLeaderException) f.handle((r, e) -> e).join()).leader()).contains(N1);
  }
}
