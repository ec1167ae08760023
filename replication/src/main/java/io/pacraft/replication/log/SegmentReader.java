package io.pacraft.replication.log;

import io.pacraft.replication.disk.DiskFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads a segment's records in order, checking each one's length and checksum. The records end at
 * the end of the file or where only zeros follow (the rest of a preallocated segment).
 */
final class SegmentReader {
  enum Status {
    RECORD,
    END,
    BAD
  }

  private final DiskFile file;
  private final long fileSize;
  private final CRC32C crc = new CRC32C();
  private ByteBuffer buf = ByteBuffer.allocate(1 << 16);
  private long bufStart;
  private int dataEnd;
  private long offset;

  private long recordOffset;
  private String problem;
  private boolean zeroTail;

  SegmentReader(DiskFile file) throws IOException {
    this.file = file;
    this.fileSize = file.size();
  }

  long fileSize() {
    return fileSize;
  }

  /** Offset of the record last returned (or of the damage found). */
  long recordOffset() {
    return recordOffset;
  }

  /** Offset just past the last good record. */
  long offset() {
    return offset;
  }

  String problem() {
    return problem;
  }

  /** True once {@link #next()} returned {@link Status#END} because only zeros follow the last record. */
  boolean zeroTail() {
    return zeroTail;
  }

  /**
   * Reads the next record. On {@link Status#RECORD}, {@link #body()} is positioned on its body
   * (kind byte first) until the next call.
   */
  Status next() throws IOException {
    buf.limit(buf.capacity()).position(0);
    recordOffset = offset;
    if (offset == fileSize) {
      return Status.END;
    }
    // No record has length 0: zeros where a length belongs, and to the end, are a preallocated rest.
    int peek = (int) Math.min(4, fileSize - offset);
    fill(peek);
    int at = (int) (offset - bufStart);
    if ((peek < 4 ? buf.get(at) : buf.getInt(at)) == 0 && zerosFrom(offset)) {
      zeroTail = true;
      return Status.END;
    }
    if (fileSize - offset < RecordFormat.HEADER + 1) {
      problem = "truncated record header";
      return Status.BAD;
    }
    fill(RecordFormat.HEADER);
    int rel = (int) (offset - bufStart);
    int bodyLength = buf.getInt(rel);
    if (bodyLength < 1 || bodyLength > RecordFormat.MAX_BODY || bodyLength > fileSize - offset - RecordFormat.HEADER) {
      problem = "bad record length " + bodyLength;
      return Status.BAD;
    }
    int recordLength = RecordFormat.HEADER + bodyLength;
    fill(recordLength);
    rel = (int) (offset - bufStart);
    int stored = buf.getInt(rel + 4);
    if (RecordFormat.checksum(crc, buf.array(), rel, recordLength) != stored) {
      problem = "checksum mismatch";
      return Status.BAD;
    }
    if (!RecordFormat.knownKind(buf.get(rel + RecordFormat.HEADER))) {
      problem = "unknown record kind " + buf.get(rel + RecordFormat.HEADER);
      return Status.BAD;
    }
    buf.limit(rel + recordLength).position(rel + RecordFormat.HEADER);
    offset += recordLength;
    return Status.RECORD;
  }

  ByteBuffer body() {
    return buf;
  }

  /**
   * True when some well-formed record (valid length, kind and checksum) starts anywhere after
   * {@code from}: damage followed by good data is corruption, not a torn tail.
   */
  boolean goodRecordAfter(long from) throws IOException {
    long tailLength = fileSize - from;
    if (tailLength <= RecordFormat.HEADER + 1) {
      return false;
    }
    byte[] tail = new byte[(int) tailLength];
    ByteBuffer dst = ByteBuffer.wrap(tail);
    while (dst.hasRemaining()) {
      if (file.read(from + dst.position(), dst) < 0) {
        throw new EOFException("segment shrank while reading");
      }
    }
    ByteBuffer view = ByteBuffer.wrap(tail);
    for (int p = 1; p + RecordFormat.HEADER + 1 <= tail.length; p++) {
      int bodyLength = view.getInt(p);
      if (bodyLength < 1 || bodyLength > tail.length - p - RecordFormat.HEADER) {
        continue;
      }
      if (!RecordFormat.knownKind(tail[p + RecordFormat.HEADER])) {
        continue;
      }
      int recordLength = RecordFormat.HEADER + bodyLength;
      if (RecordFormat.checksum(crc, tail, p, recordLength) == view.getInt(p + 4)) {
        return true;
      }
    }
    return false;
  }

  private static final byte[] ZEROS = new byte[1 << 16];

  /** True when every byte from {@code from} to the end of the file is zero. */
  private boolean zerosFrom(long from) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(ZEROS.length, fileSize - from));
    for (long p = from; p < fileSize; ) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), fileSize - p));
      while (chunk.hasRemaining()) {
        if (file.read(p + chunk.position(), chunk) < 0) {
          throw new EOFException("segment shrank while reading");
        }
      }
      int n = chunk.limit();
      if (Arrays.mismatch(chunk.array(), 0, n, ZEROS, 0, n) >= 0) {
        return false;
      }
      p += n;
    }
    return true;
  }

  /** Makes bytes [offset, offset + n) available in {@code buf}. */
  private void fill(int n) throws IOException {
    int rel = (int) (offset - bufStart);
    if (rel + n <= dataEnd) {
      return;
    }
    int have = dataEnd - rel;
    if (n > buf.capacity()) {
      ByteBuffer grown = ByteBuffer.allocate(Math.max(n, Math.min(RecordFormat.MAX_BODY + RecordFormat.HEADER, buf.capacity() * 2)));
      System.arraycopy(buf.array(), rel, grown.array(), 0, have);
      buf = grown;
    } else {
      System.arraycopy(buf.array(), rel, buf.array(), 0, have);
    }
    bufStart = offset;
    buf.limit(buf.capacity()).position(have);
    while (buf.position() < n) {
      if (file.read(bufStart + buf.position(), buf) < 0) {
        throw new EOFException("segment shrank while reading");
      }
    }
    dataEnd = buf.position();
  }
}
