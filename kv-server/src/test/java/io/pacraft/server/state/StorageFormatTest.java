package io.pacraft.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pacraft.server.command.Commands;
import io.pacraft.server.storage.Bytes;
import io.pacraft.server.storage.Collection;
import io.pacraft.server.storage.DataKeys;
import io.pacraft.server.storage.KeyType;
import io.pacraft.server.storage.Keyspace;
import io.pacraft.server.storage.ListType;
import io.pacraft.server.storage.Meta;
import io.pacraft.server.storage.RocksStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rocksdb.RocksIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage format record: a new database gets it, a database of format 1 (lists one element per
 * key) has its lists converted to chunks, a format this build does not know is refused.
 */
class StorageFormatTest {
  private Path dir;

  @BeforeEach
  void open() throws IOException {
    dir = Files.createTempDirectory("format");
  }

  @AfterEach
  void clean() throws IOException {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void aNewDatabaseRecordsItsFormatAndReopens() throws Exception {
    new KvStateMachine(dir, 8 << 20, Commands.table()).close();
    try (RocksStore s = new RocksStore(dir.resolve("db"), 8 << 20)) {
      assertThat(Bytes.getLong(s.db().get(s.sys(), Bytes.utf8("format")), 0)).isEqualTo(KvStateMachine.FORMAT);
    }
    new KvStateMachine(dir, 8 << 20, Commands.table()).close();
  }

  @Test
  void aFormat1DatabaseHasItsListsConverted() throws Exception {
    int n = 1_000;
    byte[] key = Bytes.utf8("q");
    long version = 77L << 12;
    long head = Long.MIN_VALUE - 400; // pushed at the head as well as the tail
    try (RocksStore s = new RocksStore(dir.resolve("db"), 8 << 20)) {
      // What a node before format 2 left: an applied index, no format record, a list of n
      // elements one per key, and a string.
      byte[] body = new byte[32];
      Bytes.putLong(body, 0, version);
      Bytes.putLong(body, 8, n);
      Bytes.putLong(body, 16, head);
      Bytes.putLong(body, 24, head + n);
      s.db().put(s.meta(), Keyspace.metaKey(key), Meta.of(KeyType.LIST, 0, 5, body).raw());
      for (int i = 0; i < n; i++) {
        s.db().put(s.data(), DataKeys.member(key, version, Bytes.ofLong(head + i)), Bytes.utf8("e" + i + "x".repeat(i % 40)));
      }
      s.db().put(s.meta(), Keyspace.metaKey(Bytes.utf8("s")), Meta.of(KeyType.STRING, 0, 6, Bytes.utf8("v")).raw());
      s.db().put(s.sys(), Bytes.utf8("applied"), new byte[32]);
      s.db().flush(new org.rocksdb.FlushOptions().setWaitForFlush(true), java.util.List.of(s.meta(), s.data(), s.sys()));
    }
    new KvStateMachine(dir, 8 << 20, Commands.table()).close();
    new KvStateMachine(dir, 8 << 20, Commands.table()).close(); // converted once: opens again as format 2
    try (RocksStore s = new RocksStore(dir.resolve("db"), 8 << 20)) {
      assertThat(Bytes.getLong(s.db().get(s.sys(), Bytes.utf8("format")), 0)).isEqualTo(KvStateMachine.FORMAT);
      Keyspace ks = Keyspace.forRead(s, 0, 0, true, new Keyspace.Counters(2, 0));
      Collection c = ListType.find(ks, key);
      assertThat(c.size()).isEqualTo(n);
      List<byte[]> all = ListType.range(c, 0, n - 1);
      for (int i = 0; i < n; i++) {
        assertThat(Bytes.utf8(all.get(i))).isEqualTo("e" + i + "x".repeat(i % 40));
      }
      assertThat(Bytes.utf8(ListType.get(c, 500))).isEqualTo("e500" + "x".repeat(500 % 40));
      assertThat(ks.getString(Bytes.utf8("s"))).isEqualTo(Bytes.utf8("v"));
      int values = 0;
      try (RocksIterator it = s.db().newIterator(s.data())) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          values++;
        }
      }
      assertThat(values).as("chunks, no elements left one per key").isBetween(n / 128, n / 10);
    }
  }

  @Test
  void aDatabaseInAnotherFormatIsRefused() throws Exception {
    new KvStateMachine(dir, 8 << 20, Commands.table()).close();
    try (RocksStore s = new RocksStore(dir.resolve("db"), 8 << 20)) {
      s.db().put(s.sys(), Bytes.utf8("format"), Bytes.ofLong(3));
      s.db().flush(new org.rocksdb.FlushOptions().setWaitForFlush(true), java.util.List.of(s.sys()));
    }
    assertThatThrownBy(() -> new KvStateMachine(dir, 8 << 20, Commands.table()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("storage format 3")
        .hasMessageContaining("does not know");
  }
}
