package io.pacraft.replication;

/**
 * A leader's (or primary's) read lease as other threads see it: what lets a replica answer a
 * linearizable read barrier on the caller's thread, without a trip through the group's scheduler.
 * The scheduler {@link #publish}es the lease's end and the index a read may be served at whenever
 * either moves — before a newly committed entry is applied, so that no acknowledged write lies
 * beyond the published index — and {@link #revoke}s it the moment the replica may no longer serve.
 */
public final class PublishedLease {
  private volatile long readIndex;
  private volatile long until;

  /** Scheduler: reads may be answered at {@code index} until {@code until} (clock nanoseconds). */
  public void publish(long index, long until) {
    readIndex = index; // first: a reader that sees the lease sees an index at least this recent
    this.until = until;
  }

  /** Scheduler: no read is answered from the lease any more. */
  public void revoke() {
    until = 0;
  }

  /** Any thread: the published index while the lease holds on {@code clock}; -1 otherwise. */
  public long readIndex(Clock clock) {
    long u = until;
    if (u != 0) {
      long index = readIndex;
      if (clock.nanoTime() < u && until == u) {
        return index;
      }
    }
    return -1;
  }
}
