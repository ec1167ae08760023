package io.pacraft.replication.sim;

import io.pacraft.replication.Member;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.Transport;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The simulated network: each message is delivered after a random delay (which reorders them), or
 * dropped, or delivered twice; links can be cut in one direction or both.
 */
final class SimNetwork {
  private final EventLoop loop;
  private final Map<NodeId, SimNode> nodes;
  private final SimProtocol protocol;
  private Faults faults;
  private final Set<String> cut = new HashSet<>();
  private boolean holding;
  private final List<Held> held = new ArrayList<>();

  /** A message kept in the network until a script delivers or drops it. */
  record Held(NodeId from, NodeId to, ByteBuffer message) {}
  private long delivered;
  private long dropped;

  SimNetwork(EventLoop loop, Map<NodeId, SimNode> nodes, SimProtocol protocol, Faults faults) {
    this.loop = loop;
    this.nodes = nodes;
    this.protocol = protocol;
    this.faults = faults;
  }

  void faults(Faults f) {
    this.faults = f;
  }

  /** One node's end of the network for one incarnation. */
  final class Endpoint implements Transport {
    private final SimNode node;
    private MessageHandler handler;

    Endpoint(SimNode node) {
      this.node = node;
    }

    @Override
    public void send(NodeId to, ByteBuffer message) {
      ByteBuffer copy = ByteBuffer.allocate(message.remaining());
      copy.put(message.duplicate()).flip();
      transmit(node.id(), to, copy.asReadOnlyBuffer());
    }

    @Override
    public void updatePeers(Collection<Member> members) {}

    @Override
    public void onMessage(MessageHandler h) {
      this.handler = h;
    }
  }

  private void transmit(NodeId from, NodeId to, ByteBuffer message) {
    Random r = loop.random();
    if (isCut(from, to) || (faults.dropRate() > 0 && r.nextDouble() < faults.dropRate())) {
      dropped++;
      if (loop.tracing()) {
        loop.note("drop " + from + "->" + to + " " + protocol.describe(message));
      }
      return;
    }
    if (holding) {
      held.add(new Held(from, to, message));
      return;
    }
    int copies = faults.duplicateRate() > 0 && r.nextDouble() < faults.duplicateRate() ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      long delay = delay(r);
      loop.after(delay, loop.tracing() ? "deliver " + from + "->" + to + " " + protocol.describe(message) : null,
          () -> deliver(from, to, message));
    }
  }

  private long delay(Random r) {
    if (faults.slowRate() > 0 && r.nextDouble() < faults.slowRate()) {
      return faults.maxDelayNanos() + Math.floorMod(r.nextLong(), Math.max(1, faults.slowDelayNanos() - faults.maxDelayNanos()));
    }
    long span = faults.maxDelayNanos() - faults.minDelayNanos();
    return faults.minDelayNanos() + (span <= 0 ? 0 : Math.floorMod(r.nextLong(), span));
  }

  private void deliver(NodeId from, NodeId to, ByteBuffer message) {
    SimNode target = nodes.get(to);
    if (target == null || !target.up || isCut(from, to)) {
      dropped++;
      return;
    }
    Endpoint e = target.endpoint;
    target.run(target.incarnation, () -> {
      if (e.handler != null && target.endpoint == e) {
        delivered++;
        e.handler.onMessage(from, message.duplicate());
      }
    });
  }

  /** Keeps every message from now on until {@link #release} (scenario scripts). */
  void hold(boolean on) {
    holding = on;
  }

  List<Held> held() {
    return List.copyOf(held);
  }

  /** Delivers (after {@code delayNanos}) or drops the held messages matching from and to (null: any). */
  int release(NodeId from, NodeId to, boolean deliver, long delayNanos) {
    int n = 0;
    Iterator<Held> it = held.iterator();
    while (it.hasNext()) {
      Held h = it.next();
      if ((from == null || h.from().equals(from)) && (to == null || h.to().equals(to))) {
        it.remove();
        n++;
        if (deliver) {
          loop.after(delayNanos, loop.tracing() ? "deliver " + h.from() + "->" + h.to() + " " + protocol.describe(h.message()) : null,
              () -> deliver(h.from(), h.to(), h.message()));
        } else {
          dropped++;
        }
      }
    }
    return n;
  }

  String describe(ByteBuffer message) {
    return protocol.describe(message);
  }

  boolean isCut(NodeId from, NodeId to) {
    return !cut.isEmpty() && cut.contains(from + ">" + to);
  }

  void cut(NodeId from, NodeId to) {
    cut.add(from + ">" + to);
  }

  void healAll() {
    cut.clear();
  }

  long delivered() {
    return delivered;
  }

  long dropped() {
    return dropped;
  }
}
