package io.pacraft.pacifica;

import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.Role;
import io.pacraft.replication.sim.Invariant;
import io.pacraft.replication.sim.SimProtocol;
import io.pacraft.replication.sim.SimulationView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PacificA in the simulator, counting across seeds what happened in them (so that a test can show
 * the faults it claims reach the protocol): crashes of the configuration manager's Raft leader,
 * primary changes, learner promotions.
 */
final class Coverage implements SimProtocol {
  final AtomicLong seeds = new AtomicLong();
  final AtomicLong seedsWithCmLeaderCrash = new AtomicLong();
  final AtomicLong cmLeaderCrashes = new AtomicLong();
  final AtomicLong primaryChanges = new AtomicLong();
  final AtomicLong promotions = new AtomicLong();
  final AtomicLong snapshotInstalls = new AtomicLong();
  private final PacificaSimulation base = new PacificaSimulation();

  @Override
  public String name() {
    return base.name();
  }

  @Override
  public ReplicationProtocol protocol() {
    return base.protocol();
  }

  @Override
  public Map<String, String> settings(Random random) {
    return base.settings(random);
  }

  @Override
  public long clockDriftBoundNanos() {
    return base.clockDriftBoundNanos();
  }

  @Override
  public List<Invariant> invariants() {
    seeds.incrementAndGet();
    List<Invariant> all = new ArrayList<>(base.invariants());
    all.add(new Invariant() {
      NodeId cmLeader;
      boolean crashSeen;
      final Map<Long, NodeId> primaries = new HashMap<>();
      long maxVersion;
      int voters = -1;
      final Map<NodeId, Long> lastIndex = new HashMap<>();

      @Override
      public void check(SimulationView world) {
        NodeId leader = null;
        for (NodeId id : world.nodes()) {
          ReplicaGroup g = world.replica(id);
          if (g instanceof PacificaReplica r) {
            if (r.configurationManager().role() == Role.LEADER) {
              leader = id;
            }
            PacificaCore c = r.core();
            long held = lastIndex.getOrDefault(id, 0L);
            if (c.log().snapshotIndex() > held) {
              snapshotInstalls.incrementAndGet(); // its log now starts past what it held: an image was installed
            }
            lastIndex.put(id, c.log().lastIndex());
            GroupConfig cfg = c.config;
            if (cfg.version() > maxVersion) {
              int v = cfg.secondaries().size();
              if (voters >= 0 && cfg.version() == maxVersion + 1 && v > voters) {
                promotions.incrementAndGet();
              }
              NodeId before = primaries.get(maxVersion);
              if (before != null && !before.equals(cfg.primary())) {
                primaryChanges.incrementAndGet();
              }
              primaries.put(cfg.version(), cfg.primary());
              maxVersion = cfg.version();
              voters = v;
            }
          }
        }
        if (cmLeader != null && world.replica(cmLeader) == null) {
          cmLeaderCrashes.incrementAndGet();
          if (!crashSeen) {
            crashSeen = true;
            seedsWithCmLeaderCrash.incrementAndGet();
          }
        }
        cmLeader = leader;
      }
    });
    return all;
  }

  @Override
  public String describe(ByteBuffer message) {
    return base.describe(message);
  }

  @Override
  public String toString() {
    return String.format("%d seeds: configuration-manager leader crashed %d times in %d seeds, %d primary changes, %d learner promotions, %d snapshots installed",
        seeds.get(), cmLeaderCrashes.get(), seedsWithCmLeaderCrash.get(), primaryChanges.get(), promotions.get(), snapshotInstalls.get());
  }
}
