package io.pacraft.replication;

import java.nio.ByteBuffer;
import java.util.Collection;

/**
 * Best-effort messages between the replicas of one group: a message may be lost, delayed,
 * duplicated or reordered, never corrupted (frames carry a CRC) and never delivered to another
 * group. Sending never blocks; a peer that is down or too slow loses messages instead of queueing
 * without bound.
 */
public interface Transport {
  /** Sends {@code message} (read from its position to its limit; the caller may reuse it afterwards). */
  void send(NodeId to, ByteBuffer message);

  /**
   * Where peers listen; call whenever the configuration changes. Messages to a peer whose address is
   * unknown are dropped; messages from any peer are delivered (a joining replica hears from members
   * it does not know yet).
   */
  void updatePeers(Collection<Member> members);

  /** Sets the receiver of this group's messages; called on the group's scheduler. */
  void onMessage(MessageHandler handler);

  @FunctionalInterface
  interface MessageHandler {
    void onMessage(NodeId from, ByteBuffer message);
  }
}
