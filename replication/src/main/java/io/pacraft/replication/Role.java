package io.pacraft.replication;

/**
 * What this replica is doing in its group. PacificA's primary reports {@link #LEADER}, its
 * secondaries {@link #FOLLOWER}.
 */
public enum Role {
  LEADER,
  FOLLOWER,
  PRE_CANDIDATE,
  CANDIDATE,
  LEARNER,
  /** Not (or no longer) a member of the group's configuration. */
  REMOVED
}
