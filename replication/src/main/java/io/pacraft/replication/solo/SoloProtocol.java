package io.pacraft.replication.solo;

import io.pacraft.replication.Environment;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.StateMachine;

/**
 * The single-replica protocol of a standalone node: a write is appended to the log, made durable
 * (group commit shares one fsync among all writes that arrive together), then applied. The same
 * SPI as Raft and PacificA, so the server's command code does not know which one runs.
 */
public final class SoloProtocol implements ReplicationProtocol {
  public static final String NAME = "solo";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ReplicaGroup open(GroupSpec spec, StateMachine sm, Environment env) {
    return new SoloGroup(spec, sm, env);
  }
}
