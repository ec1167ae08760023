package io.pacraft.replication.sim;

import io.pacraft.replication.Member;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.Transport;
import java.nio.ByteBuffer;
import java.util.Collection;
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
