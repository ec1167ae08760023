package io.pacraft.pacifica;

/** Deliberately broken variants of PacificA, for showing that the simulator catches them. */
enum Defect {
  /** The primary commits an entry when every replica but one has acknowledged it. */
  COMMIT_WITH_ONE_ACK_MISSING,
  /** Start-up timing validation is skipped, so a grace period no longer than the lease is accepted. */
  SKIP_TIMING_VALIDATION,
  /** The primary serves reads whether or not its lease holds. */
  SERVE_AFTER_LEASE_EXPIRY,
  /** The configuration manager accepts a change whatever version its proposer held. */
  CM_ACCEPTS_STALE_VERSION,
  /**
   * A new primary publishes its lease for reads on the caller's thread before it is reconciled (before
   * the entry it appended on becoming primary commits).
   */
  PUBLISH_LEASE_BEFORE_RECONCILED,
  /**
   * A restarted primary of a configuration with two or more secondaries (whose commits did not wait
   * for its own sync) takes a new version and reconciles the group from its log, which may have lost
   * committed entries.
   */
  RESTARTED_PRIMARY_TRUSTS_ITS_LOG
}
