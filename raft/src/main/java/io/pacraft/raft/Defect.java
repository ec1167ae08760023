package io.pacraft.raft;

/**
 * Deliberate bugs the simulator tests switch on, one at a time, to show that it catches them. Never
 * reachable from settings: only tests in this package construct a {@link RaftProtocol} with one.
 */
enum Defect {
  /** Commit an entry of an earlier term by counting its replicas (the bug of the paper's Figure 8). */
  COUNT_OLD_TERM_COMMIT,
  /** Grant a vote to every candidate, even after voting for another in the same term. */
  DOUBLE_VOTE,
  /** Answer readBarrier with the commit index at once, without confirming leadership. */
  READ_WITHOUT_BARRIER,
  /** Acknowledge appended entries before they are durable. */
  ACK_BEFORE_FSYNC,
  /**
   * Take a lease again after an abandoned leadership transfer, although the target was sent
   * TimeoutNow and may still win an election (the bug the simulator found; see docs/verification.md).
   */
  LEASE_AFTER_TIMEOUT_NOW
}
