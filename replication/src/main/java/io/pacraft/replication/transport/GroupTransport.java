package io.pacraft.replication.transport;

import io.pacraft.replication.GroupId;
import io.pacraft.replication.Member;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.Scheduler;
import io.pacraft.replication.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** One group's view of the {@link NodeTransport}: its messages, delivered on its scheduler. */
final class GroupTransport implements Transport {
  final GroupId group;
  final byte[] groupBytes;
  private final NodeTransport owner;
  private final Scheduler scheduler;
  private volatile MessageHandler handler;

  GroupTransport(GroupId group, NodeTransport owner, Scheduler scheduler) {
    this.group = group;
    this.groupBytes = group.name().getBytes(StandardCharsets.UTF_8);
    if (groupBytes.length > 255) {
      throw new IllegalArgumentException("group id longer than 255 bytes: " + group);
    }
    this.owner = owner;
    this.scheduler = scheduler;
  }

  @Override
  public void send(NodeId to, ByteBuffer message) {
    owner.sendGroup(to, this, message);
  }

  @Override
  public void updatePeers(Collection<Member> members) {
    for (Member m : members) {
      owner.setPeerAddress(m.id(), m.address());
    }
  }

  @Override
  public void onMessage(MessageHandler handler) {
    this.handler = handler;
  }

  /**
   * Hands a received message to the group: at once when the group runs on the bus loop delivering
   * it (and no group task is in progress there), otherwise through the group's scheduler. False
   * when no handler is set.
   */
  boolean deliver(NodeId from, byte[] payload) {
    if (handler == null) {
      return false;
    }
    Runnable task = () -> {
      MessageHandler h = handler;
      if (h != null) {
        h.onMessage(from, ByteBuffer.wrap(payload));
      }
    };
    if (scheduler instanceof LoopScheduler loop && loop.canRunHere()) {
      loop.run(task);
    } else {
      scheduler.execute(task);
    }
    return true;
  }
}
