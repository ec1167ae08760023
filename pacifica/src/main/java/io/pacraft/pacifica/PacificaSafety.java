package io.pacraft.pacifica;

import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.log.LogEntry;
import io.pacraft.replication.log.LogStore;
import io.pacraft.replication.sim.Invariant;
import io.pacraft.replication.sim.InvariantViolation;
import io.pacraft.replication.sim.SimulationView;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * PacificA's safety properties, checked after every event of a simulated run:
 *
 * <ul>
 *   <li><b>lease</b>: at most one replica serves (is a reconciled primary under its lease) at any moment,
 *       and a replica answers reads from its published lease (the read fast path) only while it serves;
 *   <li><b>one primary per version</b>, and every configuration a replica holds is the one the
 *       configuration manager decided at that version;
 *   <li><b>versions only grow</b>, on every replica and in the configuration manager;
 *   <li><b>committed on every replica</b>: when a primary commits an entry, every secondary of its
 *       configuration holds it durably (a crashed one must hold it when it restarts); the primary
 *       holds it in its log, synced or not (its own sync may follow the commit);
 *   <li><b>committed prefixes never diverge</b>: every replica commits the same entry at each index,
 *       and a replica that acknowledged a committed entry keeps it (checked after every event, and when
 *       it restarts from its disk).
 * </ul>
 */
final class PacificaSafety implements Invariant {
  private final Map<Long, NodeId> primaries = new HashMap<>();
  private final Map<Long, GroupConfig> decided = new HashMap<>();
  /** index → [term, payload hash] of every committed entry. */
  private final TreeMap<Long, long[]> committed = new TreeMap<>();
  private final Map<NodeId, Node> nodes = new HashMap<>();

  private static final class Node {
    PacificaReplica incarnation;
    long version;
    long cmVersion;
    long checkedCommit;
    long primaryCommitSeen;
    long obligedIndex;
    long obligedTerm;
  }

  @Override
  public void check(SimulationView world) {
    NodeId serving = null;
    for (NodeId id : world.nodes()) {
      ReplicaGroup g = world.replica(id);
      if (!(g instanceof PacificaReplica r)) {
        continue;
      }
      PacificaCore c = r.core();
      Node n = nodes.computeIfAbsent(id, k -> new Node());
      if (n.incarnation != r) {
        n.incarnation = r;
        n.version = 0;
        n.cmVersion = 0;
        n.checkedCommit = c.commit;
        n.primaryCommitSeen = 0;
      }
      LogStore held = c.log();
      if (n.obligedIndex > 0 && n.obligedIndex >= held.snapshotIndex()) { // below: in its state machine
        LogStore log = held;
        if (log.lastIndex() < n.obligedIndex || log.term(n.obligedIndex) != n.obligedTerm) {
          throw new InvariantViolation("committed entry lost: " + id + ", a voter of the configuration that committed "
              + n.obligedIndex + "@" + n.obligedTerm + ", does not hold it (log ends at " + log.lastIndex() + ")");
        }
      }
      GroupConfig cfg = c.config;
      if (cfg.version() < n.version) {
        throw new InvariantViolation("versions only grow: " + id + " went from version " + n.version + " to " + cfg.version());
      }
      n.version = cfg.version();
      if (cfg.version() > 1) {
        GroupConfig d = decided.get(cfg.version());
        if (d != null && !d.sameShape(cfg)) {
          throw new InvariantViolation("configuration: " + id + " holds " + cfg + " where the manager decided " + d);
        }
      }
      GroupConfig cmCfg = r.configurationManagerState();
      if (cmCfg.version() < n.cmVersion) {
        throw new InvariantViolation("versions only grow: the manager's replica on " + id + " went from " + n.cmVersion + " to " + cmCfg.version());
      }
      n.cmVersion = cmCfg.version();
      GroupConfig before = decided.putIfAbsent(cmCfg.version(), cmCfg);
      if (before != null && !before.sameShape(cmCfg)) {
        throw new InvariantViolation("the manager decided two configurations at version " + cmCfg.version() + ": " + before + " and " + cmCfg);
      }
      if (c.isPrimary()) {
        NodeId other = primaries.putIfAbsent(cfg.version(), id);
        if (other != null && !other.equals(id)) {
          throw new InvariantViolation("one primary per version: " + other + " and " + id + " are both primary of version " + cfg.version());
        }
        if (c.commit > n.primaryCommitSeen) {
          n.primaryCommitSeen = c.commit;
          onPrimaryCommit(world, id, c);
        }
      }
      if (r.leaseReadIndex() >= 0 && !c.serving()) {
        throw new InvariantViolation("lease: " + id + " answers reads from a published lease without serving at " + world.now() / 1000 + " us");
      }
      if (c.serving()) {
        if (serving != null) {
          throw new InvariantViolation("lease: " + serving + " and " + id + " both serve at " + world.now() / 1000 + " us");
        }
        serving = id;
      }
      if (c.commit > n.checkedCommit) {
        LogStore log = c.log();
        for (long i = n.checkedCommit + 1; i <= c.commit; i++) {
          if (i < log.firstIndex() || i > log.lastIndex()) {
            continue;
          }
          LogEntry e = log.entry(i);
          long[] mine = {e.term(), Arrays.hashCode(e.payload())};
          long[] known = committed.putIfAbsent(i, mine);
          if (known != null && (known[0] != mine[0] || known[1] != mine[1])) {
            throw new InvariantViolation("committed prefixes diverge: " + id + " committed " + i + "@" + mine[0] + " where " + i + "@" + known[0]
                + " was committed");
          }
        }
        n.checkedCommit = c.commit;
      }
    }
  }

  private void onPrimaryCommit(SimulationView world, NodeId primary, PacificaCore c) {
    long index = c.commit;
    long term = c.log().term(index);
    for (NodeId m : c.config.secondaries()) {
      Node n = nodes.computeIfAbsent(m, k -> new Node());
      if (index > n.obligedIndex) {
        n.obligedIndex = index;
        n.obligedTerm = term;
      }
      if (world.replica(m) instanceof PacificaReplica r) {
        PacificaCore s = r.core();
        LogStore log = s.log();
        if (index < log.snapshotIndex()) {
          continue; // compacted there: applied, and the state machines are checked entry by entry
        }
        if (s.durableIndex() < index || log.lastIndex() < index || log.term(index) != term) {
          throw new InvariantViolation("committed on every replica: " + primary + " committed " + index + "@" + term + " in " + c.config
              + " but " + m + " does not hold it durably (log ends at " + log.lastIndex() + ", durable " + s.durableIndex() + ")");
        }
      }
    }
  }

}
