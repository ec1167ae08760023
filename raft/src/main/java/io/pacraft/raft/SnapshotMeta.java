package io.pacraft.raft;

import io.pacraft.replication.Membership;
import io.pacraft.replication.disk.Disk;
import io.pacraft.replication.disk.DiskFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * What Raft keeps about its latest snapshot, in the file {@code raft-snapshot} of the group's disk:
 * the index and term it covers, the configuration at that index (the log no longer holds it), and
 * the staged snapshot file a restore must be (re)done from, if the state machine may not yet hold it.
 */
record SnapshotMeta(long index, long term, Membership membership, String stagedFile) {
  static final String FILE = "raft-snapshot";
  private static final String TMP = "raft-snapshot.tmp";

  static Optional<SnapshotMeta> read(Disk disk) {
    try {
      if (!disk.exists(FILE)) {
        return Optional.empty();
      }
      try (DiskFile f = disk.open(FILE, false)) {
        ByteBuffer b = ByteBuffer.allocate((int) f.size());
        while (b.hasRemaining() && f.read(b.position(), b) > 0) {
          // read fully
        }
        b.flip();
        int crc = b.getInt();
        CRC32C c = new CRC32C();
        c.update(b.duplicate());
        if ((int) c.getValue() != crc) {
          throw new IllegalStateException(FILE + " is corrupt (CRC mismatch)");
        }
        long index = b.getLong();
        long term = b.getLong();
        byte[] m = new byte[b.getInt()];
        b.get(m);
        byte[] staged = new byte[b.getInt()];
        b.get(staged);
        return Optional.of(
            new SnapshotMeta(index, term, MembershipCodec.decode(m), new String(staged, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes this durably (temp file, sync, rename, sync directory). */
  void write(Disk disk) {
    byte[] m = MembershipCodec.encode(membership);
    byte[] staged = stagedFile.getBytes(StandardCharsets.UTF_8);
    ByteBuffer body = ByteBuffer.allocate(24 + m.length + staged.length);
    body.putLong(index).putLong(term).putInt(m.length).put(m).putInt(staged.length).put(staged).flip();
    CRC32C c = new CRC32C();
    c.update(body.duplicate());
    ByteBuffer all = ByteBuffer.allocate(4 + body.remaining());
    all.putInt((int) c.getValue()).put(body).flip();
    try {
      if (disk.exists(TMP)) {
        disk.delete(TMP);
      }
      try (DiskFile f = disk.open(TMP, true)) {
        f.write(0, all);
        f.sync();
      }
      disk.rename(TMP, FILE);
      disk.syncDirectory();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
