package io.pacraft.cli;

/** {@link ClusterBehaviour} with Raft. */
class RaftClusterIT extends ClusterBehaviour {
  @Override
  String protocol() {
    return "raft";
  }

  @Override
  String snapshotHeavySettings() {
    return "snapshot-entries=500,snapshot-retain-entries=50";
  }
}
