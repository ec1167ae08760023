package io.pacraft.pacifica;

import io.pacraft.replication.Environment;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.StateMachine;
import java.util.EnumSet;
import java.util.Set;

/**
 * PacificA ({@code "pacifica"}): primary/secondary replication that commits an entry once every
 * replica of the current configuration has it, with beacons and leases, a configuration manager
 * (on Raft) deciding every reconfiguration, reconciliation by a new primary, and learners. Settings
 * and their defaults are listed in docs/pacifica.md.
 */
public final class PacificaProtocol implements ReplicationProtocol {
  private final Set<Defect> defects;

  public PacificaProtocol() {
    this(EnumSet.noneOf(Defect.class));
  }

  PacificaProtocol(Set<Defect> defects) {
    this.defects = Set.copyOf(defects);
  }

  @Override
  public String name() {
    return "pacifica";
  }

  /**
   * Opens the replica.
   *
   * @throws IllegalArgumentException when a setting is unknown or invalid, or the grace period is not
   *     longer than the lease plus the clock-drift bound
   */
  @Override
  public ReplicaGroup open(GroupSpec spec, StateMachine sm, Environment env) {
    return new PacificaReplica(spec, sm, env, defects);
  }
}
