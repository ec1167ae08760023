package io.pacraft.cli;

/**
 * {@link ClusterBehaviour} with PacificA: the shard's configuration manager is the meta group, and
 * a removed or killed replica comes back as a learner that catches up (from a snapshot when the
 * primary has compacted its log) before it is promoted.
 */
class PacificaClusterIT extends ClusterBehaviour {
  @Override
  String protocol() {
    return "pacifica";
  }

  @Override
  String snapshotHeavySettings() {
    return "snapshot-entries=500,snapshot-retain-entries=50";
  }
}
