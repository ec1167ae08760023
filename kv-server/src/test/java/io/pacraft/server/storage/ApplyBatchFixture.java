package io.pacraft.server.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.rocksdb.WriteBatchWithIndex;

/** A RocksDB store in a temporary directory with an apply batch and its cache, as the applier has. */
abstract class ApplyBatchFixture {
  Path dir;
  RocksStore store;
  final Keyspace.Counters counters = new Keyspace.Counters(0, 0);
  final ApplyCache cache = new ApplyCache();
  WriteBatchWithIndex batch;
  long index;

  @BeforeEach
  void open() throws Exception {
    dir = Files.createTempDirectory("applybatch");
    store = new RocksStore(dir, 8 << 20);
    batch = new WriteBatchWithIndex(true);
  }

  @AfterEach
  void close() throws Exception {
    batch.close();
    store.close();
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The keyspace of the next entry applied into the batch. */
  Keyspace next() {
    return Keyspace.forApply(store, batch, ++index, 1_000, 0, counters, cache);
  }

  /** Writes the batch (its waiting records first) and starts the next one, as the applier does. */
  void writeBatch() throws Exception {
    cache.writePending(batch, store);
    store.db().write(store.writeOptions(), batch);
    batch.clear();
    cache.clear();
  }
}
