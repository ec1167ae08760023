package io.pacraft.replication.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk record: {@code u32 bodyLength, u32 crc32c(bodyLength bytes + body), body}; the body
 * starts with a kind byte. Big-endian. See docs/log-store.md.
 */
final class RecordFormat {
  static final int HEADER = 8;
  static final int MAX_BODY = 1 << 30;

  static final byte ENTRY = 1; // u64 index, u64 term, u8 type, payload
  static final byte TRUNCATE = 2; // u64 last kept index
  static final byte HARD_STATE = 3; // bytes
  static final byte COMPACT = 4; // u64 snapshot index, u64 snapshot term, u64 first index, u64 last index
  static final byte CHECKPOINT = 5; // u8 version, u64 segment, then as COMPACT, then hard state bytes

  static final byte VERSION = 1;

  static final int ENTRY_FIXED = 1 + 8 + 8 + 1;
  static final int TRUNCATE_BODY = 1 + 8;
  static final int COMPACT_BODY = 1 + 32;
  static final int CHECKPOINT_FIXED = 1 + 1 + 8 + 32;

  private RecordFormat() {}

  static boolean knownKind(byte kind) {
    return kind >= ENTRY && kind <= CHECKPOINT;
  }

  /** Starts a record of {@code bodyLength} at the buffer's position (which must be 0 for a heap buffer). */
  static void begin(ByteBuffer buf, int bodyLength) {
    buf.putInt(bodyLength);
    buf.putInt(0);
  }

  /** Fills in the checksum of the record that starts at 0 and ends at the buffer's position, then flips. */
  static void finish(ByteBuffer buf, CRC32C crc) {
    int end = buf.position();
    buf.putInt(4, checksum(crc, buf.array(), buf.arrayOffset(), end));
    buf.flip();
  }

  /** CRC32C of the length field and body of the record at {@code array[offset..offset+length)}. */
  static int checksum(CRC32C crc, byte[] array, int offset, int recordLength) {
    crc.reset();
    crc.update(array, offset, 4);
    crc.update(array, offset + HEADER, recordLength - HEADER);
    return (int) crc.getValue();
  }
}
