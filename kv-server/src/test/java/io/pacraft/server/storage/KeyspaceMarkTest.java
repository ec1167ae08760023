package io.pacraft.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Marks and rollbacks of writes that go straight into the batch (set members, deletions), nested
 * as a transaction's commands are inside its entry: a rollback undoes exactly what was written
 * since its mark, whether or not anything was written between the marks, and what is written
 * after a released or rolled-back mark stays. The batch's savepoints are set lazily (at the first
 * write after a mark), so these are the cases where that could go wrong.
 */
class KeyspaceMarkTest extends ApplyBatchFixture {
  private Keyspace keyspace() {
    return Keyspace.forApply(store, batch, 1, 1_000, 0, counters, cache);
  }

  private static byte[] k(String s) {
    return Bytes.utf8(s);
  }

  private void put(Keyspace ks, String key) {
    ks.put(store.data(), k(key), k("v-" + key));
  }

  /** What the database holds for {@code key} once the batch is written. */
  private String stored(String key) throws Exception {
    byte[] v = store.db().get(store.data(), k(key));
    return v == null ? null : Bytes.utf8(v);
  }

  @Test
  void aRollbackUndoesTheBatchWritesSinceItsMarkAtEveryDepth() throws Exception {
    Keyspace setup = keyspace();
    put(setup, "old");
    writeBatch();

    Keyspace ks = keyspace();
    Keyspace.Mark entry = ks.mark(); // the entry's mark: nothing written before the first command
    Keyspace.Mark quiet = ks.mark(); // a command that writes nothing
    ks.release(quiet);
    Keyspace.Mark failing = ks.mark(); // a command that writes, then fails
    put(ks, "new");
    ks.delete(store.data(), k("old"));
    assertThat(ks.get(store.data(), k("new"))).isNotNull();
    ks.rollback(failing);
    assertThat(ks.get(store.data(), k("new"))).isNull();
    assertThat(ks.get(store.data(), k("old"))).isNotNull();

    Keyspace.Mark kept = ks.mark(); // a command that writes and succeeds
    put(ks, "kept");
    ks.release(kept);
    Keyspace.Mark emptyFailure = ks.mark(); // fails before writing: undoes nothing of the others'
    ks.rollback(emptyFailure);
    assertThat(ks.get(store.data(), k("kept"))).isNotNull();
    ks.release(entry);
    writeBatch();

    assertThat(stored("old")).isEqualTo("v-old");
    assertThat(stored("new")).isNull();
    assertThat(stored("kept")).isEqualTo("v-kept");
  }

  @Test
  void aRolledBackEntryUndoesItsCommandsWritesEvenWhenItsOwnMarkPrecededThemAll() throws Exception {
    Keyspace ks = keyspace();
    Keyspace.Mark entry = ks.mark();
    Keyspace.Mark first = ks.mark();
    put(ks, "a");
    ks.release(first);
    Keyspace.Mark second = ks.mark();
    put(ks, "b");
    ks.release(second);
    ks.rollback(entry); // the whole entry failed
    Keyspace after = keyspace(); // the next entry of the batch
    Keyspace.Mark next = after.mark();
    put(after, "c");
    after.release(next);
    writeBatch();

    assertThat(stored("a")).isNull();
    assertThat(stored("b")).isNull();
    assertThat(stored("c")).isEqualTo("v-c");
  }
}
