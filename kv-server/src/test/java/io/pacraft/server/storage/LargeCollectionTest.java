package io.pacraft.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.pacraft.server.TestServer;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDB;

/**
 * A sorted set and a list of 1,000,000 members each, built, ranged, scanned and deleted in a JVM
 * whose heap (about 96 MB, set by the {@code large-collections} surefire execution) could not hold
 * either collection: every command must stream from RocksDB. DEL of each must be O(1): one
 * metadata delete and one range deletion, whatever the size.
 */
class LargeCollectionTest {
  private static final int MEMBERS = 1_000_000;
  private static final int BATCH = 1000;

  @Test
  void millionMemberCollectionsStreamAndDeleteInConstantTime() throws Exception {
    try (TestServer server = TestServer.start();
        StatefulRedisConnection<String, String> conn = server.connect(3)) {
      RedisCommands<String, String> r = conn.sync();
      RedisAsyncCommands<String, String> async = conn.async();
      long t0 = System.nanoTime();
      buildSortedSet(async);
      long t1 = System.nanoTime();
      buildList(async);
      long t2 = System.nanoTime();
      System.out.printf("max heap %,d MB; ", Runtime.getRuntime().maxMemory() >> 20);
      System.out.printf("built a sorted set in %,d ms, a list in %,d ms%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
      assertThat(r.zcard("z")).isEqualTo(MEMBERS);
      assertThat(r.llen("l")).isEqualTo(MEMBERS);

      // Ranges by rank, score and lex, from the middle and the far end.
      assertThat(r.zrange("z", 500_000, 500_002)).containsExactly(member(500_000), member(500_001), member(500_002));
      assertThat(r.zrevrange("z", 0, 0)).containsExactly(member(MEMBERS - 1));
      assertThat(r.zrangebyscore("z", Range.create(777_777.0, 777_778.0))).containsExactly(member(777_777), member(777_778));
      assertThat(r.zcount("z", Range.create(0.0, 99.0))).isEqualTo(100);
      assertThat(r.zrank("z", member(999_999))).isEqualTo(999_999);
      assertThat(r.zrandmember("z", 5)).hasSize(5);
      assertThat(r.lrange("l", 600_000, 600_001)).containsExactly("e600000", "e600001");
      assertThat(r.lrange("l", -2, -1)).containsExactly("e999998", "e999999");
      assertThat(r.lindex("l", 123_456)).isEqualTo("e123456");
      assertThat(r.type("z")).isEqualTo("zset");
      assertThat(r.objectEncoding("z")).isEqualTo("skiplist");

      // A full ZSCAN sees every member exactly once (tracked in a bitset, not a collection of strings).
      BitSet seen = new BitSet(MEMBERS);
      long duplicates = 0;
      ScanCursor cursor = ScanCursor.INITIAL;
      for (int calls = 0; calls < 2 * MEMBERS / BATCH + 10 && !cursor.isFinished(); calls++) {
        ScoredValueScanCursor<String> page = r.zscan("z", cursor, ScanArgs.Builder.limit(BATCH));
        for (ScoredValue<String> sv : page.getValues()) {
          int i = Integer.parseInt(sv.getValue().substring(1));
          assertThat(sv.getScore()).isEqualTo(i);
          if (seen.get(i)) {
            duplicates++;
          }
          seen.set(i);
        }
        cursor = page;
      }
      assertThat(cursor.isFinished()).isTrue();
      assertThat(seen.cardinality()).isEqualTo(MEMBERS);
      assertThat(duplicates).isZero();

      System.out.printf("ranges and a full scan in %,d ms%n", (System.nanoTime() - t2) / 1_000_000);

      // DEL: constant work whatever the size: no member is deleted one by one, and one range
      // deletion hides each collection's members at once.
      RocksStore store = server.server().node().stateMachine().store();
      RocksDB db = store.db();
      byte[] zPrefix = DataKeys.prefix(Bytes.utf8("z"), CollectionHeader.version(Meta.wrap(db.get(store.meta(), Keyspace.metaKey(Bytes.utf8("z"))))));
      long deletesBefore = db.getLongProperty(store.data(), "rocksdb.num-deletes-active-mem-table");
      long start = System.nanoTime();
      assertThat(r.del("z", "l")).isEqualTo(2);
      long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
      System.out.printf("DEL of two collections of %,d members: %,d us%n", MEMBERS, micros);
      assertThat(db.getLongProperty(store.data(), "rocksdb.num-deletes-active-mem-table") - deletesBefore)
          .as("no member is deleted one by one").isZero();
      try (org.rocksdb.RocksIterator it = db.newIterator(store.data())) {
        it.seek(zPrefix);
        assertThat(it.isValid() && Bytes.startsWith(it.key(), zPrefix)).as("the old members are gone").isFalse();
      }
      assertThat(r.exists("z", "l")).isZero();
      assertThat(r.zadd("z", 1, "fresh")).isEqualTo(1);
      assertThat(r.zrange("z", 0, -1)).as("a new collection under the same key starts empty").containsExactly("fresh");
      assertThat(r.dbsize()).isEqualTo(1);
      KeyScanCursor<String> keys = r.scan(ScanArgs.Builder.limit(100));
      assertThat(keys.getKeys()).containsExactly("z");
    }
  }

  private static String member(int i) {
    return "m" + i;
  }

  private static void buildSortedSet(RedisAsyncCommands<String, String> async) throws Exception {
    Deque<RedisFuture<Long>> inflight = new ArrayDeque<>();
    for (int b = 0; b < MEMBERS / BATCH; b++) {
      Object[] scoresAndMembers = new Object[2 * BATCH];
      for (int j = 0; j < BATCH; j++) {
        int i = b * BATCH + j;
        scoresAndMembers[2 * j] = (double) i;
        scoresAndMembers[2 * j + 1] = member(i);
      }
      inflight.add(async.zadd("z", scoresAndMembers));
      drain(inflight, 32);
    }
    drain(inflight, 0);
  }

  private static void buildList(RedisAsyncCommands<String, String> async) throws Exception {
    Deque<RedisFuture<Long>> inflight = new ArrayDeque<>();
    for (int b = 0; b < MEMBERS / BATCH; b++) {
      String[] values = new String[BATCH];
      for (int j = 0; j < BATCH; j++) {
        values[j] = "e" + (b * BATCH + j);
      }
      inflight.add(async.rpush("l", values));
      drain(inflight, 32);
    }
    drain(inflight, 0);
  }

  private static void drain(Deque<RedisFuture<Long>> inflight, int keep) throws Exception {
    while (inflight.size() > keep) {
      inflight.poll().get(60, TimeUnit.SECONDS);
    }
  }
}
