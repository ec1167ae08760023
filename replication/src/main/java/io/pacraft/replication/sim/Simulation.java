package io.pacraft.replication.sim;

import io.pacraft.replication.GroupId;
import io.pacraft.replication.GroupSpec;
import io.pacraft.replication.Member;
import io.pacraft.replication.Membership;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.ReplicaGroup;
import io.pacraft.replication.log.LogStore;
import io.pacraft.replication.log.LogStoreOptions;
import io.pacraft.replication.log.SegmentedLogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One simulated world: a group of nodes running a protocol over a simulated network, disks and
 * clocks, driven by client load and a nemesis, all from one seed. {@link #run} plays it out, checking
 * the protocol's invariants after every event, the history's linearizability at the end, and that
 * the group makes progress once the faults heal.
 */
public final class Simulation implements SimulationView {
  private static final long MS = 1_000_000L;

  final SimulationConfig config;
  final long seed;
  final EventLoop loop;
  final Map<NodeId, SimNode> nodes = new LinkedHashMap<>();
  final SimNetwork network;
  final AppliedLog applied = new AppliedLog();
  private final List<Invariant> invariants;
  private final Map<String, String> settings;
  private final Membership bootstrap;
  final List<Operation> history = new ArrayList<>();
  private final List<HistoryListener> listeners = new ArrayList<>();
  private final List<NodeId> ids = new ArrayList<>();
  private Nemesis nemesis;

  public Simulation(SimulationConfig config, long seed) {
    this.config = config;
    this.seed = seed;
    this.loop = new EventLoop(seed, config.trace());
    this.invariants = config.protocol().invariants();
    this.settings = config.protocol().settings(loop.random());
    List<Member> members = new ArrayList<>();
    for (int i = 1; i <= config.nodes(); i++) {
      NodeId id = NodeId.of("n" + i);
      ids.add(id);
      members.add(new Member(id, "sim:" + id, true));
      nodes.put(id, new SimNode(id, new RegisterMachine(id.id(), applied)));
    }
    this.bootstrap = new Membership(0, members);
    this.network = new SimNetwork(loop, nodes, config.protocol(), config.faults());
    for (java.util.function.Supplier<HistoryListener> s : config.listeners()) {
      listeners.add(s.get());
    }
  }

  /** Runs the seed to the end. */
  public static SimulationResult run(SimulationConfig config, long seed) {
    return new Simulation(config, seed).run();
  }

  public SimulationResult run() {
    ClientWorkload clients = new ClientWorkload(this);
    try {
      loop.note("seed " + seed + " settings " + settings);
      for (SimNode n : nodes.values()) {
        start(n);
      }
      clients.start(config.durationNanos());
      if (config.faults().meanFaultIntervalNanos() != Long.MAX_VALUE) {
        nemesis = new Nemesis(this);
        nemesis.start(config.durationNanos());
      }
      runUntil(config.durationNanos());
      heal();
      long deadline = config.durationNanos() + config.settleNanos();
      boolean[] progressed = {false};
      clients.finalWrite(deadline, () -> progressed[0] = true);
      while (!progressed[0] && loop.nextTime() <= deadline) {
        stepAndCheck();
      }
      if (!progressed[0]) {
        return result(Optional.of("liveness: no write committed on every node within "
            + config.settleNanos() / MS + " ms after the faults healed"), clients);
      }
      Optional<String> v = RegisterChecker.check(history, applied.writes());
      if (v.isPresent()) {
        return result(v, clients);
      }
      for (HistoryListener l : listeners) {
        Optional<String> lv = l.verdict();
        if (lv.isPresent()) {
          return result(lv, clients);
        }
      }
      return result(Optional.empty(), clients);
    } catch (InvariantViolation e) {
      loop.note("VIOLATION " + e.getMessage());
      return result(Optional.of(e.getMessage()), clients);
    } catch (RuntimeException e) {
      loop.note("FAILURE " + e);
      java.io.StringWriter w = new java.io.StringWriter();
      e.printStackTrace(new java.io.PrintWriter(w));
      return result(Optional.of("a replica threw " + w), clients);
    }
  }

  private SimulationResult result(Optional<String> violation, ClientWorkload clients) {
    return new SimulationResult(seed, violation, loop.now(), loop.executed(), clients.completed());
  }

  /** Runs every event due up to {@code time}, then stands at {@code time} (the faults heal then, not earlier). */
  void runUntil(long time) {
    while (loop.nextTime() <= time) {
      stepAndCheck();
    }
    loop.advanceTo(time);
  }

  void stepAndCheck() {
    loop.step();
    for (Invariant i : invariants) {
      i.check(this);
    }
    if (nemesis != null) {
      nemesis.afterStep();
    }
  }

  // ---------------------------------------------------------------- node lifecycle

  void start(SimNode n) {
    n.up = true;
    int inc = n.incarnation;
    SimScheduler scheduler = new SimScheduler(loop, n, inc);
    Random r = loop.random();
    long fsync = 100_000 + Math.floorMod(r.nextLong(), Math.max(1, config.faults().maxFsyncNanos() - 100_000));
    LogStore store;
    try {
      // Segments grow as written: preallocation changes no protocol behaviour, only the disk
      // operations a seed's trace is made of, and keeping them keeps recorded seeds replaying as
      // they did. LogCrashRecoveryTest covers preallocated segments at every disk operation.
      LogStoreOptions options = LogStoreOptions.defaults().withSegmentBytes(16 << 10).withSyncDelayNanos(fsync).withPreallocate(false);
      store = SegmentedLogStore.openDeterministic(n.disk, scheduler, options);
    } catch (IOException e) {
      throw new UncheckedIOException(n.id() + " could not open its log", e);
    }
    n.logStore = new ObservedLogStore(n.id(), store, invariants);
    n.endpoint = network.new Endpoint(n);
    SimApplier applier = new SimApplier(loop, n, inc, config.faults().crashes() ? 2 * MS : 0);
    GroupSpec spec = new GroupSpec(GroupId.of("sim"), n.id(), bootstrap, settings);
    loop.note(n.id() + " starts (incarnation " + inc + ")");
    n.replica = config.protocol().protocol().open(spec, n.machine, n.environment(n.endpoint, n.logStore, new SimClock(loop, n), scheduler, applier, r));
  }

  void crash(SimNode n) {
    if (!n.up) {
      return;
    }
    loop.note(n.id() + " crashes");
    n.crash(loop.random());
  }

  void heal() {
    nemesis = null;
    loop.note("heal: network repaired, every node up");
    network.healAll();
    network.faults(config.faults().withDropRate(0));
    for (SimNode n : nodes.values()) {
      if (n.paused) {
        n.resume();
      }
      if (!n.up) {
        start(n);
      }
    }
  }

  void record(Operation op) {
    history.add(op);
    for (HistoryListener l : listeners) {
      l.onOperation(op);
    }
    if (loop.tracing()) {
      loop.note("client " + op);
    }
  }

  // ---------------------------------------------------------------- scripted control (scenario tests)

  /** Starts every node, for a world driven step by step by a script instead of by {@link #run()}. */
  public void boot() {
    for (SimNode n : nodes.values()) {
      start(n);
    }
  }

  /** Lets {@code nanos} of virtual time pass, checking invariants after every event. */
  public void runFor(long nanos) {
    runUntil(loop.now() + nanos);
  }

  public void crash(NodeId id) {
    crash(nodes.get(id));
  }

  /** Restarts a crashed node from what its disk kept. */
  public void restart(NodeId id) {
    SimNode n = nodes.get(id);
    if (!n.up) {
      start(n);
    }
  }

  /** Pauses a node (a GC pause): its timers and the messages it receives wait until {@link #resume}. */
  public void pause(NodeId id) {
    SimNode n = nodes.get(id);
    if (n.up) {
      loop.note("pause " + id);
      n.paused = true;
    }
  }

  /** Resumes a paused node: what waited runs now, in order. */
  public void resume(NodeId id) {
    SimNode n = nodes.get(id);
    if (n.up && n.paused) {
      loop.note("resume " + id);
      n.resume();
    }
  }

  /** Cuts the link from {@code from} to {@code to} (one way). */
  public void cut(NodeId from, NodeId to) {
    network.cut(from, to);
  }

  public void healNetwork() {
    network.healAll();
  }

  /** From now on the network keeps every message until {@link #deliver} or {@link #drop} (or {@code hold(false)}). */
  public void hold(boolean on) {
    network.hold(on);
    if (!on) {
      network.release(null, null, true, config.faults().minDelayNanos());
    }
  }

  /** The held messages, one line each. */
  public List<String> heldMessages() {
    List<String> out = new ArrayList<>();
    for (SimNetwork.Held h : network.held()) {
      out.add(h.from() + "->" + h.to() + " " + network.describe(h.message()));
    }
    return out;
  }

  /** Delivers the held messages from {@code from} to {@code to} (null: any) after the usual delay; returns how many. */
  public int deliver(NodeId from, NodeId to) {
    return network.release(from, to, true, config.faults().minDelayNanos());
  }

  /** Drops the held messages from {@code from} to {@code to} (null: any); returns how many. */
  public int drop(NodeId from, NodeId to) {
    return network.release(from, to, false, 0);
  }

  /** Proposes a write of {@code value} at {@code node}. */
  public java.util.concurrent.CompletableFuture<Object> propose(NodeId node, long value) {
    return nodes.get(node).replica.propose(java.nio.ByteBuffer.allocate(8).putLong(0, value));
  }

  /** Index and register value the state machine of {@code node} has applied. */
  public String machineState(NodeId node) {
    RegisterMachine m = nodes.get(node).machine;
    return "applied=" + m.lastApplied() + " value=" + (m.value() == null ? "nil" : m.value());
  }

  public boolean isUp(NodeId node) {
    return nodes.get(node).up;
  }

  // ---------------------------------------------------------------- SimulationView

  @Override
  public long now() {
    return loop.now();
  }

  @Override
  public List<NodeId> nodes() {
    return ids;
  }

  @Override
  public ReplicaGroup replica(NodeId node) {
    SimNode n = nodes.get(node);
    return n == null || !n.up ? null : n.replica;
  }

  /** Nodes in id order. */
  List<SimNode> nodeList() {
    return new ArrayList<>(nodes.values());
  }
}
