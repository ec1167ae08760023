package io.pacraft.replication.sim;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How to run one simulated world.
 *
 * @param protocol the protocol under test
 * @param nodes replicas in the group, all voters at the start
 * @param faults what goes wrong while the run lasts
 * @param durationNanos virtual time with faults and client load; then faults heal and the group must
 *     make progress again within {@code settleNanos}
 * @param settleNanos time allowed after healing for a write to commit and reach every node
 * @param clients concurrent client processes
 * @param readRate fraction of client operations that are reads
 * @param listeners one history listener per run each (e.g. the jepsen checker)
 * @param trace receives the event trace when not null
 */
public record SimulationConfig(
    SimProtocol protocol,
    int nodes,
    Faults faults,
    long durationNanos,
    long settleNanos,
    int clients,
    double readRate,
    List<Supplier<HistoryListener>> listeners,
    Consumer<String> trace) {

  public SimulationConfig {
    Objects.requireNonNull(protocol);
    Objects.requireNonNull(faults);
    listeners = List.copyOf(listeners);
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be >= 1");
    }
  }

  /** Every fault on for 6 virtual seconds, 4 clients, a third of the operations reads. */
  public static SimulationConfig of(SimProtocol protocol, int nodes) {
    return new SimulationConfig(protocol, nodes, Faults.all(), 6_000_000_000L, 20_000_000_000L, 4, 0.35, List.of(), null);
  }

  public SimulationConfig withFaults(Faults f) {
    return new SimulationConfig(protocol, nodes, f, durationNanos, settleNanos, clients, readRate, listeners, trace);
  }

  public SimulationConfig withDuration(long nanos) {
    return new SimulationConfig(protocol, nodes, faults, nanos, settleNanos, clients, readRate, listeners, trace);
  }

  public SimulationConfig withTrace(Consumer<String> t) {
    return new SimulationConfig(protocol, nodes, faults, durationNanos, settleNanos, clients, readRate, listeners, t);
  }

  public SimulationConfig withListeners(List<Supplier<HistoryListener>> l) {
    return new SimulationConfig(protocol, nodes, faults, durationNanos, settleNanos, clients, readRate, l, trace);
  }
}
