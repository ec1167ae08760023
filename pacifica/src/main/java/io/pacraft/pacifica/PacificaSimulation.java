package io.pacraft.pacifica;

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
 * PacificA in the simulator ({@code pacraft simulate --protocol pacifica}): short beacons, leases and
 * grace periods so that many reconfigurations happen in a short run, batch sizes and windows drawn
 * per seed, the configuration manager on a real Raft group over the same nodes (so its leader
 * crashes, pauses and is partitioned with them), and {@link PacificaSafety} checked after every event.
 */
public final class PacificaSimulation implements SimProtocol {
  static final long DRIFT_MS = 100;
  private final Set<Defect> defects;
  private final Map<String, String> overrides;

  public PacificaSimulation() {
    this(EnumSet.noneOf(Defect.class), Map.of());
  }

  /** A broken variant, with {@code overrides} replacing the drawn settings. */
  PacificaSimulation(Set<Defect> defects, Map<String, String> overrides) {
    this.defects = Set.copyOf(defects);
    this.overrides = Map.copyOf(overrides);
  }

  @Override
  public String name() {
    return "pacifica";
  }

  @Override
  public ReplicationProtocol protocol() {
    return new PacificaProtocol(defects);
  }

  @Override
  public Map<String, String> settings(Random random) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("beacon-interval-ms", "50");
    s.put("lease-ms", "300");
    s.put("grace-ms", "450");
    s.put("clock-drift-bound-ms", Long.toString(DRIFT_MS));
    s.put("max-prepare-entries", Integer.toString(new int[] {1, 2, 4, 64}[random.nextInt(4)]));
    s.put("max-inflight-prepares", Integer.toString(new int[] {1, 2, 8}[random.nextInt(3)]));
    s.put("cm-request-timeout-ms", "300");
    s.put("cm-election-timeout-ms", "300");
    s.put("cm-heartbeat-interval-ms", "60");
    s.put("cm-sync-delay-us", Integer.toString(100 + random.nextInt(3000)));
    s.put("snapshot-entries", Integer.toString(new int[] {20, 50, 100_000}[random.nextInt(3)]));
    s.put("snapshot-retain-entries", Integer.toString(random.nextInt(10)));
    s.put("snapshot-chunk-bytes", "256");
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
    return List.of(new PacificaSafety());
  }

  @Override
  public String describe(ByteBuffer message) {
    if (!message.hasRemaining()) {
      return "empty";
    }
    ByteBuffer body = message.duplicate();
    byte ch = body.get();
    if (ch == Channels.DATA) {
      return Message.describe(body.slice());
    }
    return "cm " + SimProtocol.find("raft").map(p -> p.describe(body.slice())).orElse("message");
  }
}
