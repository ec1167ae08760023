package io.pacraft.raft;

import io.pacraft.replication.Snapshot;

/** A state-machine snapshot the leader is streaming to one or more followers, closed when none needs it. */
final class OutgoingSnapshot {
  final Snapshot snapshot;
  final long index;
  final long term;
  final byte[] membership;
  private int users;

  OutgoingSnapshot(Snapshot snapshot, long index, long term, byte[] membership) {
    this.snapshot = snapshot;
    this.index = index;
    this.term = term;
    this.membership = membership;
  }

  void retain() {
    users++;
  }

  void release() {
    if (--users == 0) {
      snapshot.close();
    }
  }

  boolean inUse() {
    return users > 0;
  }
}
