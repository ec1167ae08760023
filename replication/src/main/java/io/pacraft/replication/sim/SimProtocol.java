package io.pacraft.replication.sim;

import io.pacraft.replication.ReplicationProtocol;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.ServiceLoader;

/**
 * What the simulator needs to know about a protocol to run it: the protocol, the settings to open
 * it with, its safety invariants and how to name its messages in a trace. Protocols register one
 * with {@link ServiceLoader} so that {@code pacraft simulate --protocol NAME} finds it.
 */
public interface SimProtocol {
  /** As {@link ReplicationProtocol#name()}. */
  String name();

  ReplicationProtocol protocol();

  /** Settings for one run; may draw from {@code random} to vary batch sizes and the like per seed. */
  Map<String, String> settings(Random random);

  /** The clock-drift bound those settings assume: the simulator skews node clocks within it. */
  long clockDriftBoundNanos();

  /** Fresh invariants for one run, checked after every event. */
  List<Invariant> invariants();

  /**
   * Whether {@link io.pacraft.replication.ReplicaGroup#transferLeadership} works, so that the
   * nemesis may ask leaders to hand over; false by default (a protocol without transfers).
   */
  default boolean transfersLeadership() {
    return false;
  }

  /** One-line description of a protocol message, for traces. */
  String describe(ByteBuffer message);

  static Optional<SimProtocol> find(String name) {
    for (SimProtocol p : ServiceLoader.load(SimProtocol.class)) {
      if (p.name().equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
