package io.pacraft.replication.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.pacraft.replication.NodeId;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the frames of one accepted connection (after the length field is stripped): the first must
 * be a HELLO naming the sender; a frame with a bad version, kind or checksum closes this connection
 * only.
 */
final class InboundHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(InboundHandler.class);

  private final NodeTransport owner;
  private PeerLink from;
  /** The group id of the last GROUP frame, as bytes and as the string: a connection carries few groups. */
  private byte[] lastGroupBytes = new byte[0];
  private String lastGroup = "";

  InboundHandler(NodeTransport owner) {
    this.owner = owner;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    try {
      read(ctx, frame);
    } finally {
      frame.release();
    }
  }

  private void read(ChannelHandlerContext ctx, ByteBuf frame) {
    int length = frame.readableBytes();
    if (length < FrameFormat.PREAMBLE) {
      bad(ctx, "short frame");
      return;
    }
    byte version = frame.readByte();
    if (version != FrameFormat.VERSION) {
      bad(ctx, "unsupported frame version " + version);
      return;
    }
    byte kind = frame.readByte();
    int crc = frame.readInt();
    if (FrameFormat.checksum(frame, frame.readerIndex(), frame.readableBytes()) != crc) {
      bad(ctx, "frame checksum mismatch");
      return;
    }
    switch (kind) {
      case FrameFormat.HELLO -> {
        int n = frame.readUnsignedByte();
        if (from != null || n == 0 || frame.readableBytes() != n) {
          bad(ctx, "bad hello");
          return;
        }
        from = owner.link(NodeId.of(frame.toString(frame.readerIndex(), n, StandardCharsets.UTF_8)));
      }
      case FrameFormat.GROUP -> {
        if (from == null) {
          bad(ctx, "message before hello");
          return;
        }
        int n = frame.readUnsignedByte();
        if (n == 0 || frame.readableBytes() < n) {
          bad(ctx, "bad group id");
          return;
        }
        String group = groupId(frame, n);
        byte[] payload = new byte[frame.readableBytes()];
        frame.readBytes(payload);
        count(length);
        owner.deliverGroup(from.id, group, payload);
      }
      case FrameFormat.NODE -> {
        if (from == null) {
          bad(ctx, "message before hello");
          return;
        }
        byte[] payload = new byte[frame.readableBytes()];
        frame.readBytes(payload);
        count(length);
        owner.deliverNode(from.id, payload);
      }
      default -> bad(ctx, "unknown frame kind " + kind);
    }
  }

  /** Reads the {@code n}-byte group id, reusing the last one's string when the bytes match. */
  private String groupId(ByteBuf frame, int n) {
    int at = frame.readerIndex();
    boolean same = n == lastGroupBytes.length;
    for (int i = 0; same && i < n; i++) {
      same = frame.getByte(at + i) == lastGroupBytes[i];
    }
    if (!same) {
      lastGroupBytes = new byte[n];
      frame.getBytes(at, lastGroupBytes);
      lastGroup = new String(lastGroupBytes, StandardCharsets.UTF_8);
    }
    frame.skipBytes(n);
    return lastGroup;
  }

  private void count(int length) {
    from.messagesReceived.increment();
    from.bytesReceived.add(4L + length);
  }

  private void bad(ChannelHandlerContext ctx, String why) {
    owner.badFrame();
    log.warn("closing cluster-bus connection from {} ({}): {}", ctx.channel().remoteAddress(), from == null ? "?" : from.id, why);
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    bad(ctx, cause.toString());
  }
}
