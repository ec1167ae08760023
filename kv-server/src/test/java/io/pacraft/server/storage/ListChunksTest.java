package io.pacraft.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;

/**
 * The chunked list encoding against a plain list: random pushes, pops, LSET, LINSERT, LREM and
 * LTRIM (with chunks small enough that every command crosses chunk boundaries, and with the real
 * limits), checking after every command the elements, LINDEX at both ends and in the middle, and
 * the encoding's invariants: chunks contiguous and in order, each anchored at its first element
 * (the head chunk possibly before it), within the size limits, the header naming both end chunks.
 * Some commands are rolled back to a mark, and now and then the batch is written to the database
 * and the apply cache emptied, so reads go through the cache, the batch and RocksDB alike.
 */
class ListChunksTest {
  private Path dir;
  private RocksStore store;
  private WriteBatchWithIndex batch;
  private final ApplyCache cache = new ApplyCache();
  private final Keyspace.Counters counters = new Keyspace.Counters(0, 0);
  private long index;
  private int savedElements;
  private int savedBytes;
  /** Range deletions of dropped versions, applied (as the state machine does) after the batch is written. */
  private final List<byte[][]> rangeDeletes = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    dir = Files.createTempDirectory("listchunks");
    store = new RocksStore(dir, 8 << 20);
    batch = new WriteBatchWithIndex(true);
    savedElements = ListType.maxElements;
    savedBytes = ListType.maxBytes;
  }

  @AfterEach
  void close() throws Exception {
    ListType.maxElements = savedElements;
    ListType.maxBytes = savedBytes;
    batch.close();
    store.close();
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @ParameterizedTest(name = "chunks of at most {0} elements and {1} bytes, seed {2}")
  @CsvSource({"1, 2048, 1", "3, 24, 2", "4, 2048, 3", "5, 40, 4", "128, 2048, 5", "128, 64, 6"})
  void behavesAsAPlainList(int maxElements, int maxBytes, long seed) throws Exception {
    ListType.maxElements = maxElements;
    ListType.maxBytes = maxBytes;
    Random r = new Random(seed);
    List<String> model = new ArrayList<>();
    byte[] key = Bytes.utf8("list");
    for (int step = 0; step < 1_500; step++) {
      Keyspace ks = Keyspace.forApply(store, batch, ++index, 1_000, 0, counters, cache);
      // Now and then a command is undone, as a failing command inside EXEC is.
      Keyspace.Mark mark = r.nextInt(8) == 0 ? ks.mark() : null;
      List<String> before = new ArrayList<>(model);
      Collection c = model.isEmpty() ? ListType.findOrCreate(ks, key) : ListType.find(ks, key);
      assertThat(c).isNotNull();
      String v = value(r);
      int op = r.nextInt(model.size() < 5 ? 4 : 11);
      String what;
      switch (op) {
        case 0, 1 -> {
          boolean left = op == 0;
          int n = 1 + r.nextInt(r.nextInt(10) == 0 ? 40 : 3);
          for (int i = 0; i < n; i++) {
            String e = v + i;
            ListType.push(c, b(e), left);
            if (left) {
              model.add(0, e);
            } else {
              model.add(e);
            }
          }
          what = (left ? "lpush " : "rpush ") + n;
        }
        case 2, 3 -> {
          boolean left = op == 2;
          int n = 1 + r.nextInt(4);
          for (int i = 0; i < n; i++) {
            byte[] got = ListType.pop(c, left);
            String want = model.isEmpty() ? null : model.remove(left ? 0 : model.size() - 1);
            assertThat(got == null ? null : s(got)).isEqualTo(want);
          }
          what = (left ? "lpop " : "rpop ") + n;
        }
        case 4 -> {
          int i = r.nextInt(model.size());
          ListType.set(c, i, b(v));
          model.set(i, v);
          what = "lset " + i;
        }
        case 5, 6 -> {
          int at = r.nextInt(model.size() + 1);
          ListType.insert(c, at, b(v));
          model.add(at, v);
          what = "linsert at " + at;
        }
        case 7 -> {
          String target = model.get(r.nextInt(model.size()));
          int limit = r.nextInt(3);
          boolean fromHead = r.nextBoolean();
          long removed = ListType.remove(c, b(target), limit, fromHead);
          assertThat(removed).isEqualTo(removeFromModel(model, target, limit, fromHead));
          what = "lrem " + limit + " from " + (fromHead ? "head" : "tail");
        }
        case 8 -> {
          int start = r.nextInt(Math.max(1, model.size() / 4));
          int stop = model.size() - 1 - r.nextInt(Math.max(1, model.size() / 4));
          ListType.trim(c, start, stop);
          List<String> kept = start > stop ? List.of() : new ArrayList<>(model.subList(start, stop + 1));
          model.clear();
          model.addAll(kept);
          what = "ltrim " + start + " " + stop;
        }
        case 9 -> {
          // Pushed and popped again within one command's batch: a chunk made and emptied
          // before it ever reaches the batch.
          boolean left = r.nextBoolean();
          int n = 1 + r.nextInt(3);
          for (int i = 0; i < n; i++) {
            ListType.push(c, b(v + i), left);
          }
          for (int i = n - 1; i >= 0; i--) {
            assertThat(s(ListType.pop(c, left))).isEqualTo(v + i);
          }
          what = "push and pop " + n + (left ? " left" : " right");
        }
        default -> {
          what = "read";
        }
      }
      c.save();
      if (mark != null) {
        ks.rollback(mark);
        model.clear();
        model.addAll(before);
        what += ", rolled back";
      }
      rangeDeletes.addAll(ks.rangeDeletes());
      if (r.nextInt(7) == 0) {
        cache.writePending(batch, store);
        store.db().write(store.writeOptions(), batch);
        for (byte[][] range : rangeDeletes) {
          store.db().deleteRange(store.data(), store.writeOptions(), range[0], range[1]);
        }
        rangeDeletes.clear();
        batch.clear();
        cache.clear();
      }
      check(key, model, "step " + step + " (" + what + ")", step % 10 == 0);
    }
  }

  @org.junit.jupiter.api.Test
  void aBatchWritingManyListsKeepsEveryWriteAndUndoesTheRolledBack() throws Exception {
    // Chunks and headers of many lists wait in the cache across the batch's commands; a rolled
    // back command's share of them is undone, the others' kept.
    int lists = 192;
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < lists; i++) {
        Keyspace ks = Keyspace.forApply(store, batch, ++index, 1_000, 0, counters, cache);
        Keyspace.Mark mark = ks.mark();
        Collection c = ListType.findOrCreate(ks, b("l" + i));
        ListType.push(c, b("r" + round), false);
        ListType.push(c, b("x" + round), true);
        c.save();
        if ((i + round) % 5 == 0) {
          ks.rollback(mark);
        } else {
          ks.release(mark);
        }
      }
    }
    cache.writePending(batch, store);
    store.db().write(store.writeOptions(), batch);
    batch.clear();
    cache.clear();
    Keyspace ks = Keyspace.forRead(store, 1_000, 1_000, true, counters);
    for (int i = 0; i < lists; i++) {
      List<String> want = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        if ((i + round) % 5 != 0) {
          want.add(0, "x" + round);
          want.add("r" + round);
        }
      }
      Collection c = ListType.find(ks, b("l" + i));
      assertThat(c == null ? List.of() : strings(ListType.range(c, 0, c.size() - 1))).as("list " + i).isEqualTo(want);
    }
  }

  private static List<Long> positionsFromTail(List<String> model, String v) {
    List<Long> out = new ArrayList<>();
    for (int i = model.size() - 1; i >= 0; i--) {
      if (model.get(i).equals(v)) {
        out.add((long) i);
      }
    }
    return out;
  }

  private static long removeFromModel(List<String> model, String target, int limit, boolean fromHead) {
    long removed = 0;
    if (fromHead) {
      for (int i = 0; i < model.size(); i++) {
        if ((limit == 0 || removed < limit) && model.get(i).equals(target)) {
          model.remove(i--);
          removed++;
        }
      }
    } else {
      for (int i = model.size() - 1; i >= 0; i--) {
        if ((limit == 0 || removed < limit) && model.get(i).equals(target)) {
          model.remove(i);
          removed++;
        }
      }
    }
    return removed;
  }

  /**
   * Checks the list against the model; {@code searches} also runs the searches that iterate (and
   * so put the chunks waiting in the cache into the batch), not after every step, so that chunks
   * made and dropped across several commands of a batch never reach it.
   */
  private void check(byte[] key, List<String> model, String when, boolean searches) {
    List<byte[][]> stored = chunks(DataKeys.prefix(key, 0), true); // before reads that iterate
    Keyspace ks = Keyspace.forApply(store, batch, index, 1_000, 0, counters, cache);
    Collection c = ListType.find(ks, key);
    if (model.isEmpty()) {
      assertThat(c).as(when).isNull();
      if (rangeDeletes.isEmpty()) {
        assertThat(stored).as(when + ": no chunks of any version").isEmpty();
      }
      return;
    }
    assertThat(c).as(when).isNotNull();
    assertThat(c.size()).as(when).isEqualTo(model.size());
    assertThat(strings(ListType.range(c, 0, model.size() - 1))).as(when).isEqualTo(model);
    int mid = model.size() / 2;
    assertThat(strings(ListType.range(c, mid, model.size() - 1))).as(when).isEqualTo(model.subList(mid, model.size()));
    assertThat(strings(ListType.range(c, mid / 2, mid))).as(when).isEqualTo(model.subList(mid / 2, mid + 1));
    for (int i : new int[] {0, mid, model.size() - 1}) {
      assertThat(s(ListType.get(c, i))).as(when + ", index " + i).isEqualTo(model.get(i));
    }
    if (searches) {
      String last = model.get(model.size() - 1);
      assertThat(ListType.indexOf(c, b(last))).as(when).isEqualTo(model.indexOf(last));
      assertThat(ListType.positions(c, b(last), -1, 0, 0)).as(when + ": LPOS from the tail")
          .isEqualTo(positionsFromTail(model, last));
    }

    long version = Bytes.getLong(ks.meta(key, KeyType.LIST).body(), CollectionHeader.VERSION);
    List<long[]> found = new ArrayList<>(); // anchor, first, count
    byte[] prefix = DataKeys.prefix(key, version);
    for (byte[][] kv : stored) {
      if (!Bytes.startsWith(kv[0], prefix)) {
        continue; // another version, not yet range-deleted
      }
      long anchor = Bytes.getLong(kv[0], prefix.length);
      byte[] raw = kv[1];
      found.add(new long[] {anchor, ListChunk.first(raw), ListChunk.count(raw)});
      assertThat(ListChunk.count(raw)).as(when).isBetween(1, ListType.maxElements);
      if (ListChunk.count(raw) > 1) {
        assertThat(ListChunk.payload(raw)).as(when + ": chunk bytes").isLessThanOrEqualTo(ListType.maxBytes);
      }
    }
    long head = c.header(ListType.HEAD);
    assertThat(found).as(when).isNotEmpty();
    assertThat(found.get(0)[1]).as(when + ": the first chunk starts at the head").isEqualTo(head);
    assertThat(found.get(0)[1] - found.get(0)[0]).as(when + ": the head chunk's anchor is at or before its first element").isGreaterThanOrEqualTo(0);
    assertThat(c.header(ListType.HEAD_CHUNK)).as(when).isEqualTo(found.get(0)[0]);
    assertThat(c.header(ListType.TAIL_CHUNK)).as(when).isEqualTo(found.get(found.size() - 1)[0]);
    long next = head;
    for (int i = 0; i < found.size(); i++) {
      long[] f = found.get(i);
      assertThat(f[1]).as(when + ": chunk " + i + " follows the one before").isEqualTo(next);
      if (i > 0) {
        assertThat(f[0]).as(when + ": chunk " + i + " is anchored at its first element").isEqualTo(f[1]);
      }
      next = f[1] + f[2];
    }
    assertThat(next).as(when + ": the last chunk ends at the tail").isEqualTo(c.header(ListType.TAIL));
    if (rangeDeletes.isEmpty()) {
      assertThat(stored.size()).as(when + ": no chunks of other versions").isEqualTo(found.size());
    }
  }

  /**
   * Every (key, value) under {@code prefix}, or under the list's key whatever the version ({@code
   * anyVersion}): what the batch over the database holds with the chunks waiting in the cache laid
   * over it, without putting those into the batch.
   */
  private List<byte[][]> chunks(byte[] prefix, boolean anyVersion) {
    byte[] p = anyVersion ? Arrays.copyOf(prefix, prefix.length - 8) : prefix;
    java.util.TreeMap<ByteString, byte[]> all = new java.util.TreeMap<>();
    Keyspace ks = Keyspace.forApply(store, batch, index, 1_000, 0, counters); // no cache: leaves pending chunks alone
    try (RocksIterator it = ks.iterator(store.data())) {
      for (it.seek(p); it.isValid() && Bytes.startsWith(it.key(), p); it.next()) {
        all.put(ByteString.of(it.key()), it.value());
      }
    }
    cache.pendingData.forEach((k, v) -> {
      if (Bytes.startsWith(k.bytes(), p)) {
        all.put(k, v);
      }
    });
    List<byte[][]> out = new ArrayList<>();
    all.forEach((k, v) -> out.add(new byte[][] {k.bytes(), v}));
    return out;
  }

  private static String value(Random r) {
    // now and then one over 127 bytes: a length prefix of two bytes
    int len = r.nextInt(16) == 0 ? 120 + r.nextInt(200) : r.nextInt(8) == 0 ? 30 + r.nextInt(30) : 1 + r.nextInt(4);
    char[] c = new char[len];
    Arrays.fill(c, (char) ('a' + r.nextInt(3)));
    return new String(c);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static List<String> strings(List<byte[]> values) {
    List<String> out = new ArrayList<>();
    for (byte[] v : values) {
      out.add(s(v));
    }
    return out;
  }
}
