package io.pacraft.raft;

import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.Role;
import io.pacraft.replication.log.LogEntry;
import io.pacraft.replication.log.LogStore;
import io.pacraft.replication.sim.Invariant;
import io.pacraft.replication.sim.InvariantViolation;
import io.pacraft.replication.sim.SimulationView;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Raft's safety properties (Figure 3 of the paper), checked by the simulator: election safety (one
 * leader per term), log matching (same index and term, same entry and same history), leader
 * completeness (a leader holds every entry committed in an earlier term) and, at the level of the
 * log, state machine safety (no two nodes commit different entries at an index). The state
 * machines' own agreement is checked by the simulator itself. Besides: a replica answers reads
 * from its published lease (the read fast path, on the caller's thread) only while its core holds
 * the lease a read through the scheduler would use.
 */
final class RaftSafety implements Invariant {
  private final Map<Long, NodeId> leaders = new HashMap<>();
  /** (index, term) → payload hash and previous entry's term. */
  private final Map<String, long[]> entries = new HashMap<>();
  private final TreeMap<Long, Long> committedTerms = new TreeMap<>();
  /**
   * index → the term in which it was committed: the term of the first node seen with it committed,
   * which is the committing leader (followers learn a commit from it later, in its term or after).
   */
  private final TreeMap<Long, Long> committedIn = new TreeMap<>();
  private final Map<NodeId, RaftCore> cores = new HashMap<>();
  private final Map<NodeId, Long> checkedCommit = new HashMap<>();

  @Override
  public void onAppend(NodeId node, List<LogEntry> appended, LogStore log) {
    long prevTerm = termOf(log, appended.get(0).index() - 1);
    for (LogEntry e : appended) {
      String key = e.index() + "@" + e.term();
      long hash = Arrays.hashCode(e.payload()) * 31L + e.type();
      long[] seen = entries.putIfAbsent(key, new long[] {hash, prevTerm});
      if (seen != null) {
        if (seen[0] != hash) {
          throw new InvariantViolation("log matching: " + node + " holds a different entry at " + key);
        }
        if (seen[1] >= 0 && prevTerm >= 0 && seen[1] != prevTerm) {
          throw new InvariantViolation(
              "log matching: " + node + " has term " + prevTerm + " before " + key + ", another log has " + seen[1]);
        }
      }
      prevTerm = e.term();
    }
  }

  private static long termOf(LogStore log, long index) {
    if (index == 0) {
      return 0;
    }
    if (index >= log.snapshotIndex() && index <= log.lastIndex()) {
      return log.term(index);
    }
    return -1;
  }

  @Override
  public void check(SimulationView world) {
    for (NodeId id : world.nodes()) {
      ReplicaGroup g = world.replica(id);
      if (!(g instanceof RaftReplica r)) {
        continue;
      }
      RaftCore core = r.core();
      if (cores.get(id) != core) {
        cores.put(id, core);
        checkedCommit.put(id, 0L);
      }
      if (r.leaseReadIndex() >= 0 && !core.holdsReadLease()) {
        throw new InvariantViolation("lease: " + id + " answers reads from a published lease it does not hold");
      }
      LogStore log = core.log();
      long commit = core.commitIndex();
      long from = Math.max(checkedCommit.get(id), log.snapshotIndex());
      if (commit > from) {
        for (long i = from + 1; i <= commit; i++) {
          long t = log.term(i);
          Long before = committedTerms.putIfAbsent(i, t);
          committedIn.putIfAbsent(i, core.term());
          if (before != null && before != t) {
            throw new InvariantViolation(
                "state machine safety: " + id + " committed index " + i + " of term " + t + ", another node of term " + before);
          }
        }
        checkedCommit.put(id, commit);
      }
      if (core.role() == Role.LEADER) {
        NodeId other = leaders.putIfAbsent(core.term(), id);
        if (other == null) {
          checkLeaderCompleteness(id, core);
        } else if (!other.equals(id)) {
          throw new InvariantViolation("election safety: " + other + " and " + id + " both led term " + core.term());
        }
      }
    }
  }

  /**
   * Raft's Leader Completeness: an entry committed in term t is in the log of every leader of a term
   * after t. Only entries committed in terms before this leader's count: a candidate of an old term
   * can still win it late (delayed votes) after a later term has committed more; it is a leader in
   * name only, since every node of the later term refuses it.
   */
  private void checkLeaderCompleteness(NodeId id, RaftCore core) {
    LogStore log = core.log();
    long term = core.term();
    long last = 0;
    for (Map.Entry<Long, Long> e : committedIn.entrySet()) {
      if (e.getValue() < term) {
        last = e.getKey();
      }
    }
    if (last == 0) {
      return;
    }
    if (log.lastIndex() < last) {
      throw new InvariantViolation(
          "leader completeness: " + id + " leads term " + term + " with log ending at " + log.lastIndex()
              + ", but index " + last + " was committed in term " + committedIn.get(last));
    }
    for (Map.Entry<Long, Long> e : committedTerms.subMap(log.snapshotIndex(), false, last, true).entrySet()) {
      if (committedIn.get(e.getKey()) >= term) {
        continue;
      }
      long t = log.term(e.getKey());
      if (t != e.getValue()) {
        throw new InvariantViolation(
            "leader completeness: " + id + " leads term " + term + " with term " + t + " at index " + e.getKey()
                + ", where term " + e.getValue() + " is committed");
      }
    }
  }
}
