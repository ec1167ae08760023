package io.pacraft.pacifica;

import io.pacraft.replication.Member;
import io.pacraft.replication.NodeId;
import io.pacraft.replication.Transport;
import java.nio.ByteBuffer;
import java.util.Collection;

/**
 * Splits one group {@link Transport} into numbered channels by a leading byte, so that the
 * PacificA replica and its embedded configuration manager (a Raft group over the same nodes) share
 * the group's connections.
 */
final class Channels {
  static final byte DATA = 0;
  static final byte CM_RAFT = 1;

  private final Transport transport;
  private final Transport.MessageHandler[] handlers = new Transport.MessageHandler[2];

  Channels(Transport transport) {
    this.transport = transport;
    transport.onMessage((from, message) -> {
      if (!message.hasRemaining()) {
        return;
      }
      int ch = message.get(message.position());
      if (ch < 0 || ch >= handlers.length || handlers[ch] == null) {
        return;
      }
      ByteBuffer body = message.duplicate();
      body.position(body.position() + 1);
      handlers[ch].onMessage(from, body.slice());
    });
  }

  /** Channel {@code ch} as a transport of its own. */
  Transport channel(byte ch) {
    return new Transport() {
      @Override
      public void send(NodeId to, ByteBuffer message) {
        ByteBuffer framed = ByteBuffer.allocate(1 + message.remaining());
        framed.put(ch).put(message.duplicate()).flip();
        transport.send(to, framed);
      }

      @Override
      public void updatePeers(Collection<Member> members) {
        transport.updatePeers(members);
      }

      @Override
      public void onMessage(MessageHandler handler) {
        handlers[ch] = handler;
      }
    };
  }
}
