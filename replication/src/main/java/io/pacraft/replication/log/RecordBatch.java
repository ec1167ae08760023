package io.pacraft.replication.log;

import io.pacraft.replication.disk.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Records to write, one step per segment they go to, with the callbacks that wait for them: what a
 * group commit collects between two syncs. {@link #execute} writes each step with one write, syncs a
 * segment before the records of the next one can become durable, syncs the directory when a segment
 * was created, then deletes the segments made obsolete.
 */
final class RecordBatch {
  final ArrayList<Segment> segments = new ArrayList<>();
  final ArrayList<Boolean> created = new ArrayList<>();
  long[] offsets = new long[4];
  byte[][] bytes = new byte[4][];
  int[] lengths = new int[4];
  final ArrayList<Runnable> callbacks = new ArrayList<>();
  final ArrayList<Segment> obsolete = new ArrayList<>();
  long position;
  boolean committed;

  void startStep(Segment segment, long offset, boolean isNew) {
    int i = segments.size();
    if (i == offsets.length) {
      offsets = Arrays.copyOf(offsets, i * 2);
      bytes = Arrays.copyOf(bytes, i * 2);
      lengths = Arrays.copyOf(lengths, i * 2);
    }
    segments.add(segment);
    created.add(isNew);
    offsets[i] = offset;
    lengths[i] = 0;
    if (bytes[i] == null) {
      bytes[i] = new byte[1 << 16];
    }
  }

  void write(Segment segment, long offset, ByteBuffer record, boolean isNew) {
    int last = segments.size() - 1;
    if (last < 0 || segments.get(last) != segment) {
      startStep(segment, offset, isNew);
      last++;
    } else if (offsets[last] + lengths[last] != offset) {
      throw new IllegalStateException("non-sequential write to " + segment);
    }
    int n = record.remaining();
    int length = lengths[last];
    if (length + n > bytes[last].length) {
      bytes[last] = Arrays.copyOf(bytes[last], Math.max(length + n, bytes[last].length * 2));
    }
    record.get(bytes[last], length, n);
    lengths[last] = length + n;
  }

  /** Writes, syncs and deletes (as a batch of {@link GroupCommitWriter}, which syncs every batch). */
  void execute(Disk disk) throws IOException {
    execute(disk, null, true);
  }

  /**
   * Writes; syncs when {@code syncAnyway}, when the batch was committed, when it starts a segment or
   * deletes some (else its writes stay unsynced); deletes. {@code unsynced}: the segment an earlier
   * batch wrote without syncing it, synced here before anything of a later segment is written.
   * Returns the segment this batch leaves with unsynced writes, or null.
   */
  Segment execute(Disk disk, Segment unsynced, boolean syncAnyway) throws IOException {
    boolean anyCreated = false;
    for (int i = 0; i < segments.size(); i++) {
      anyCreated |= created.get(i);
    }
    boolean sync = syncAnyway || committed || anyCreated || !obsolete.isEmpty();
    Segment previous = unsynced;
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (previous != null && previous != s) {
        // a new segment's records may not become durable before the previous segment's
        previous.file.sync();
      }
      if (lengths[i] > 0) {
        s.file.write(offsets[i], ByteBuffer.wrap(bytes[i], 0, lengths[i]));
      }
      previous = s;
    }
    if (sync && previous != null) {
      previous.file.sync();
      previous = null;
    }
    if (anyCreated) {
      disk.syncDirectory();
    }
    for (Segment s : obsolete) {
      s.file.close();
      disk.delete(s.name);
    }
    return previous;
  }

  void clear() {
    for (int i = 0; i < segments.size(); i++) {
      if (bytes[i] != null && bytes[i].length > (4 << 20)) {
        bytes[i] = null; // do not keep a huge buffer after a burst
      }
    }
    segments.clear();
    created.clear();
    callbacks.clear();
    obsolete.clear();
    committed = false;
  }
}
