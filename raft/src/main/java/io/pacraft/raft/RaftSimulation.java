package io.pacraft.raft;

import io.pacraft.replication.ReplicationProtocol;
import io.pacraft.replication.sim.Invariant;
import io.pacraft.replication.sim.SimProtocol;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Raft in the simulator ({@code pacraft simulate --protocol raft}): default timing, small batches,
 * windows and snapshot thresholds drawn per seed so that pipelining, probing, compaction and
 * snapshot streaming all happen, and {@link RaftSafety} checked after every event.
 */
public final class RaftSimulation implements SimProtocol {
  static final long DRIFT_MS = 100;
  private final Set<Defect> defects;
  private final Map<String, String> overrides;

  public RaftSimulation() {
    this(EnumSet.noneOf(Defect.class), Map.of());
  }

  RaftSimulation(Set<Defect> defects) {
    this(defects, Map.of());
  }

  /** With {@code overrides} replacing the drawn settings (scenario scripts fix them). */
  RaftSimulation(Set<Defect> defects, Map<String, String> overrides) {
    this.defects = Set.copyOf(defects);
    this.overrides = Map.copyOf(overrides);
  }

  @Override
  public String name() {
    return "raft";
  }

  @Override
  public ReplicationProtocol protocol() {
    return new RaftProtocol(defects);
  }

  @Override
  public Map<String, String> settings(Random random) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("election-timeout-ms", "500");
    s.put("heartbeat-interval-ms", "100");
    s.put("clock-drift-bound-ms", Long.toString(DRIFT_MS));
    s.put("lease-reads", random.nextBoolean() ? "yes" : "no");
    s.put("max-append-entries", Integer.toString(new int[] {1, 2, 4, 64}[random.nextInt(4)]));
    s.put("max-inflight-appends", Integer.toString(new int[] {1, 2, 8}[random.nextInt(3)]));
    s.put("snapshot-entries", Integer.toString(new int[] {20, 50, 100_000}[random.nextInt(3)]));
    s.put("snapshot-retain-entries", Integer.toString(random.nextInt(10)));
    s.put("snapshot-chunk-bytes", "256");
    s.put("max-inflight-snapshot-chunks", "2");
    s.putAll(new java.util.TreeMap<>(overrides));
    return s;
  }

  @Override
  public long clockDriftBoundNanos() {
    return DRIFT_MS * 1_000_000L;
  }

  @Override
  public boolean transfersLeadership() {
    return true;
  }

  @Override
  public List<Invariant> invariants() {
    return List.of(new RaftSafety());
  }

  @Override
  public String describe(ByteBuffer message) {
    try {
      Message m = MessageCodec.decode(message);
      if (m instanceof Message.AppendEntries a) {
        return "AppendEntries{term=" + a.term() + " prev=" + a.prevIndex() + "@" + a.prevTerm() + " commit=" + a.commit()
            + " entries=" + a.entries().size() + "}";
      }
      if (m instanceof Message.InstallSnapshot s) {
        return "InstallSnapshot{term=" + s.term() + " index=" + s.index() + "@" + s.snapshotTerm() + " offset=" + s.offset()
            + " len=" + s.data().length + "/" + s.size() + "}";
      }
      return m.toString();
    } catch (IllegalArgumentException e) {
      return "malformed(" + e.getMessage() + ")";
    }
  }
}
