package io.pacraft.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocksdb.WriteBatchWithIndex;

/** WATCH's verdicts from replicated state alone, entry by entry, on a real RocksDB. */
class KeyHistoryTest {
  private Path dir;
  private RocksStore store;
  private final Keyspace.Counters counters = new Keyspace.Counters(0, 0);
  private long index;
  private static final long T0 = 1_000_000;

  @BeforeEach
  void open() throws Exception {
    dir = Files.createTempDirectory("keyhistory");
    store = new RocksStore(dir, 8 << 20);
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Applies one entry at the next index, at log time {@code now}. */
  private void apply(long now, Consumer<Keyspace> body) throws Exception {
    index++;
    try (WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
        Keyspace ks = Keyspace.forApply(store, batch, index, now, 0, counters)) {
      body.accept(ks);
      store.db().write(store.writeOptions(), batch);
    }
  }

  private boolean modified(byte[] key, long watchIndex, long watchTime, long now) throws Exception {
    boolean[] out = new boolean[1];
    apply(now, ks -> out[0] = KeyHistory.modifiedSince(ks, key, watchIndex, watchTime));
    return out[0];
  }

  private static byte[] k(String s) {
    return Bytes.utf8(s);
  }

  @Test
  void writesAndDeletionsAfterTheWatchIndexAreChanges() throws Exception {
    apply(T0, ks -> ks.setString(k("a"), k("1"), 0));
    long watched = index;
    assertThat(modified(k("a"), watched, T0, T0)).isFalse();
    assertThat(modified(k("never"), watched, T0, T0)).isFalse();
    apply(T0, ks -> ks.setString(k("a"), k("2"), 0));
    assertThat(modified(k("a"), watched, T0, T0)).isTrue();
    assertThat(modified(k("a"), index, T0, T0)).as("watched after the write").isFalse();
    long beforeDelete = index;
    apply(T0, ks -> ks.delete(k("a")));
    assertThat(modified(k("a"), beforeDelete, T0, T0)).as("deleted after the watch").isTrue();
    assertThat(modified(k("a"), index, T0, T0)).as("deleted before the watch").isFalse();
  }

  @Test
  void expiryCountsOnlyWhenItHappensAfterTheWatch() throws Exception {
    apply(T0, ks -> ks.setString(k("e"), k("v"), T0 + 100));
    long watched = index;
    assertThat(modified(k("e"), watched, T0 + 50, T0 + 60)).isFalse();
    assertThat(modified(k("e"), watched, T0 + 50, T0 + 200)).as("expired since, not yet deleted").isTrue();
    assertThat(modified(k("e"), watched, T0 + 150, T0 + 200)).as("already expired when watched").isFalse();
    apply(T0 + 300, ks -> ks.removeKey(k("e"), ks.rawMeta(k("e")))); // the active expiry's delete
    assertThat(modified(k("e"), watched, T0 + 150, T0 + 300)).as("deleting an already expired key is no change").isFalse();
    assertThat(modified(k("e"), watched, T0 + 50, T0 + 300)).as("deleted for an expiry after the watch").isTrue();
  }

  @Test
  void flushAfterTheWatchIsAChange() throws Exception {
    apply(T0, ks -> ks.setString(k("f"), k("v"), 0));
    long watched = index;
    apply(T0, Keyspace::flushAll);
    assertThat(modified(k("f"), watched, T0, T0)).isTrue();
    assertThat(modified(k("f"), index, T0, T0)).isFalse();
  }

  @Test
  void forgottenDeletionsMakeOldWatchesConservative() throws Exception {
    apply(T0, ks -> ks.setString(k("x"), k("v"), 0));
    long watched = index;
    apply(T0, ks -> ks.delete(k("x")));
    for (int i = 0; i < 20; i++) {
      apply(T0, ks -> ks.setString(k("filler"), k("v"), 0));
    }
    apply(T0, ks -> KeyHistory.collect(ks, 10)); // forget deletions older than 10 entries
    try (var it = store.db().newIterator(store.sys())) {
      it.seek(KeyHistory.tombstoneKey(k("x")));
      assertThat(it.isValid() && java.util.Arrays.equals(it.key(), KeyHistory.tombstoneKey(k("x"))))
          .as("the old deletion record is gone").isFalse();
    }
    assertThat(modified(k("x"), watched, T0, T0)).as("deleted after the watch, record forgotten").isTrue();
    assertThat(modified(k("absent"), watched, T0, T0)).as("absent key watched before the horizon: conservative").isTrue();
    assertThat(modified(k("absent"), index, T0, T0)).as("watched after the horizon").isFalse();
  }

  /** Every record of the {@code sys} family, as hex key=value lines. */
  private java.util.List<String> sys() {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (var it = store.db().newIterator(store.sys())) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.add(java.util.HexFormat.of().formatHex(it.key()) + "=" + java.util.HexFormat.of().formatHex(it.value()));
      }
    }
    return out;
  }

  private void reopen() throws Exception {
    store.close();
    store = new RocksStore(dir, 8 << 20);
  }

  /** Rounds with and without a deletion between them; {@code reopen}: forget what the store knew before each round. */
  private java.util.List<String> rounds(boolean reopen) throws Exception {
    apply(T0, ks -> ks.setString(k("a"), k("1"), 0));
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 12; i++) {
        apply(T0, ks -> ks.setString(k("filler"), k("v"), 0));
      }
      if (round == 2) {
        apply(T0, ks -> ks.delete(k("a"))); // after rounds that found nothing to forget
        assertThat(store.noDeletionRecords()).isFalse();
      }
      if (reopen) {
        reopen();
      }
      apply(T0, ks -> KeyHistory.collect(ks, 10));
      if (round < 2) {
        assertThat(store.noDeletionRecords()).as("a round from the start found no record").isTrue();
      }
    }
    return sys();
  }

  @Test
  void aRoundThatKnowsThereIsNothingToForgetWritesWhatAScanWould() throws Exception {
    java.util.List<String> known = rounds(false);
    assertThat(known).as("the deletion record, 13 entries old at the last round, is forgotten")
        .noneMatch(r -> r.startsWith(java.util.HexFormat.of().formatHex(KeyHistory.tombstoneKey(k("a"))) + "="));
    close();
    open();
    index = 0;
    assertThat(rounds(true)).as("every round scanning (a store just opened knows nothing)").isEqualTo(known);
  }
}
