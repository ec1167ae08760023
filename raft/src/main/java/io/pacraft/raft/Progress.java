package io.pacraft.raft;

import java.util.ArrayDeque;

/**
 * The leader's view of one follower's log, after etcd's tracker: in {@code PROBE} it sends one
 * AppendEntries at a time until it finds where the logs match; in {@code REPLICATE} it streams
 * batches optimistically, up to a window of unacknowledged messages; in {@code SNAPSHOT} it streams a
 * snapshot instead.
 */
final class Progress {
  enum State {
    PROBE,
    REPLICATE,
    SNAPSHOT
  }

  State state = State.PROBE;
  long match;
  long next;
  /** PROBE: an AppendEntries is out and unanswered; cleared by a heartbeat response. */
  boolean probeSent;
  /** Heard from since the last check-quorum round. */
  boolean recentActive;
  /** Highest heartbeat round the follower acknowledged in the leader's term. */
  long ackedRound;
  /** Match index when the previous heartbeat response arrived: no change over an interval means lost appends. */
  long matchAtHeartbeat = -1;
  /** Last index of each AppendEntries in flight (REPLICATE). */
  final ArrayDeque<Long> inflight = new ArrayDeque<>();
  /** SNAPSHOT: the stream being sent, bytes sent and bytes acknowledged. */
  OutgoingSnapshot snapshot;
  long snapshotSent;
  long snapshotAcked;
  boolean finalSent;
  long snapshotAckedAtLastTick = -1;

  Progress(long next) {
    this.next = next;
  }

  boolean paused(int maxInflight) {
    return switch (state) {
      case PROBE -> probeSent;
      case REPLICATE -> inflight.size() >= maxInflight;
      case SNAPSHOT -> true;
    };
  }

  void becomeProbe() {
    state = State.PROBE;
    probeSent = false;
    inflight.clear();
    next = match + 1;
    releaseSnapshot();
  }

  void becomeReplicate() {
    state = State.REPLICATE;
    probeSent = false;
    inflight.clear();
    next = match + 1;
  }

  void becomeSnapshot(OutgoingSnapshot s) {
    state = State.SNAPSHOT;
    inflight.clear();
    snapshot = s;
    s.retain();
    snapshotSent = 0;
    snapshotAcked = 0;
    finalSent = false;
    snapshotAckedAtLastTick = -1;
  }

  void releaseSnapshot() {
    if (snapshot != null) {
      snapshot.release();
      snapshot = null;
    }
  }

  /** Records a successful append up to {@code index}; false if it told us nothing new. */
  boolean acknowledge(long index) {
    while (!inflight.isEmpty() && inflight.peekFirst() <= index) {
      inflight.pollFirst();
    }
    if (index > match) {
      match = index;
      next = Math.max(next, index + 1);
      probeSent = false;
      return true;
    }
    return false;
  }

  /**
   * Handles a rejection of the AppendEntries whose prevIndex was {@code rejected}, with the
   * follower's hint {@code hintNext}; false when the rejection is stale and must be ignored.
   */
  boolean rejected(long rejected, long hintNext) {
    if (state == State.REPLICATE) {
      if (rejected <= match) {
        return false;
      }
      becomeProbe();
      next = Math.max(match + 1, Math.min(hintNext, rejected));
      return true;
    }
    if (next - 1 != rejected) {
      return false;
    }
    next = Math.max(match + 1, Math.min(hintNext, rejected));
    probeSent = false;
    return true;
  }
}
