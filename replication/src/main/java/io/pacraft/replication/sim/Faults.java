package io.pacraft.replication.sim;

/**
 * What can go wrong in a simulated run. Delays are drawn uniformly from [minDelay, maxDelay], and a
 * fraction of messages instead from [maxDelay, slowDelay], which reorders them.
 *
 * @param dropRate fraction of messages lost
 * @param duplicateRate fraction of messages delivered twice
 * @param minDelayNanos shortest network delay
 * @param maxDelayNanos usual longest network delay
 * @param slowRate fraction of messages delayed up to {@code slowDelayNanos}
 * @param slowDelayNanos longest delay of a slow message
 * @param partitions symmetric and one-way network partitions
 * @param crashes crash and restart nodes (disks lose unsynced writes), sometimes a majority at once
 * @param pauses pause nodes (a GC pause: nothing runs, messages and timers wait)
 * @param clockJumps jump node clocks within the protocol's drift bound
 * @param transfers ask the leader to hand leadership to another node (for protocols whose {@link
 *     SimProtocol#transfersLeadership()} is true); sometimes the target then stalls, so that the
 *     transfer is abandoned while the target may still campaign
 * @param meanFaultIntervalNanos mean time between two faults
 * @param maxFsyncNanos an fsync takes between 0.1 ms and this long
 */
public record Faults(
    double dropRate,
    double duplicateRate,
    long minDelayNanos,
    long maxDelayNanos,
    double slowRate,
    long slowDelayNanos,
    boolean partitions,
    boolean crashes,
    boolean pauses,
    boolean clockJumps,
    boolean transfers,
    long meanFaultIntervalNanos,
    long maxFsyncNanos) {

  private static final long MS = 1_000_000L;

  /** Every fault on. */
  public static Faults all() {
    return new Faults(0.02, 0.02, 100_000, 3 * MS, 0.02, 60 * MS, true, true, true, true, true, 700 * MS, 8 * MS);
  }

  /** A reliable network, nodes that never fail: for scenario tests. */
  public static Faults none() {
    return new Faults(0, 0, MS, MS, 0, MS, false, false, false, false, false, Long.MAX_VALUE, MS);
  }

  public Faults withDropRate(double rate) {
    return new Faults(rate, duplicateRate, minDelayNanos, maxDelayNanos, slowRate, slowDelayNanos, partitions, crashes, pauses,
        clockJumps, transfers, meanFaultIntervalNanos, maxFsyncNanos);
  }
}
