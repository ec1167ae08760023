package io.pacraft.replication.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Cluster-bus frames: {@code u32 length} (of what follows), {@code u8 version}, {@code u8 kind},
 * {@code u32 crc32c} (of what follows the checksum), then by kind: HELLO {@code u8 n, n bytes
 * sender node id}; GROUP {@code u8 n, n bytes group id, payload}; NODE {@code payload}. Big-endian.
 */
final class FrameFormat {
  static final byte VERSION = 1;
  static final byte HELLO = 1;
  static final byte GROUP = 2;
  static final byte NODE = 3;
  /** Bytes before the kind-specific part, not counting the length field. */
  static final int PREAMBLE = 1 + 1 + 4;

  private FrameFormat() {}

  static ByteBuf hello(ByteBufAllocator alloc, byte[] nodeId) {
    ByteBuf b = begin(alloc, HELLO, 1 + nodeId.length);
    b.writeByte(nodeId.length).writeBytes(nodeId);
    return seal(b);
  }

  static ByteBuf group(ByteBufAllocator alloc, byte[] group, ByteBuffer payload) {
    ByteBuf b = begin(alloc, GROUP, 1 + group.length + payload.remaining());
    b.writeByte(group.length).writeBytes(group).writeBytes(payload.duplicate());
    return seal(b);
  }

  static ByteBuf node(ByteBufAllocator alloc, ByteBuffer payload) {
    ByteBuf b = begin(alloc, NODE, payload.remaining());
    b.writeBytes(payload.duplicate());
    return seal(b);
  }

  /** Bytes a frame with a body of {@code bodyLength} occupies on the wire. */
  static int frameLength(int bodyLength) {
    return 4 + PREAMBLE + bodyLength;
  }

  private static ByteBuf begin(ByteBufAllocator alloc, byte kind, int bodyLength) {
    ByteBuf b = alloc.buffer(frameLength(bodyLength));
    b.writeInt(PREAMBLE + bodyLength).writeByte(VERSION).writeByte(kind).writeInt(0);
    return b;
  }

  private static ByteBuf seal(ByteBuf b) {
    int from = 4 + PREAMBLE;
    b.setInt(6, checksum(b, from, b.writerIndex() - from));
    return b;
  }

  /** CRC32C of {@code length} bytes of {@code b} from {@code index}. */
  static int checksum(ByteBuf b, int index, int length) {
    CRC32C crc = new CRC32C();
    if (b.nioBufferCount() == 1) {
      crc.update(b.nioBuffer(index, length));
    } else {
      for (ByteBuffer part : b.nioBuffers(index, length)) {
        crc.update(part);
      }
    }
    return (int) crc.getValue();
  }
}
