package io.pacraft.raft;

import io.pacraft.replication.log.LogEntry;
import java.util.List;

/**
 * A Raft message between two replicas of a group. Every message carries the sender's term; the
 * sender's identity comes from the transport. {@link MessageCodec} turns them into bytes.
 */
sealed interface Message {
  long term();

  /** Asks for a vote; {@code preVote} asks whether a vote would be granted, changing no state. */
  record RequestVote(long term, long lastIndex, long lastTerm, boolean preVote, boolean transfer)
      implements Message {}

  /** Answer to {@link RequestVote}; {@code term} is the voter's (or, for a granted pre-vote, the asked) term. */
  record VoteResponse(long term, boolean preVote, boolean granted) implements Message {}

  /** Entries following {@code (prevIndex, prevTerm)}, and the leader's commit index. */
  record AppendEntries(long term, long prevIndex, long prevTerm, long commit, List<LogEntry> entries)
      implements Message {}

  /**
   * Answer to {@link AppendEntries}. On success {@code index} is the follower's durable match index.
   * On rejection {@code index} is the rejected prevIndex and ({@code conflictIndex}, {@code
   * conflictTerm}) hint where the logs diverge: the first index of the follower's conflicting term,
   * or its last index + 1 with term 0 when its log is too short.
   */
  record AppendResponse(long term, boolean success, long index, long conflictIndex, long conflictTerm)
      implements Message {}

  /** Leadership beacon; {@code round} numbers it for ReadIndex and leases, {@code commit} is capped at the follower's match. */
  record Heartbeat(long term, long commit, long round) implements Message {}

  /** Answer to {@link Heartbeat}, echoing its round. */
  record HeartbeatResponse(long term, long round) implements Message {}

  /** One chunk of a snapshot stream: {@code data} starts at {@code offset} of {@code size} bytes. */
  record InstallSnapshot(
      long term, long index, long snapshotTerm, byte[] membership, long offset, long size, byte[] data)
      implements Message {}

  /**
   * Answer to {@link InstallSnapshot}: the receiver holds {@code nextOffset} bytes of the snapshot at
   * {@code index}; {@code done} once it has restored it (or already had its entries).
   */
  record SnapshotResponse(long term, long index, long nextOffset, boolean done) implements Message {}

  /** Leadership transfer: start an election now, bypassing pre-vote and leader leases. */
  record TimeoutNow(long term) implements Message {}
}
